package reflector.setup.backup;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reflector.setup.core.InstallerException;
import reflector.setup.docker.Docker;
import reflector.setup.docker.ExecResult;
import reflector.setup.output.Console;
import reflector.setup.secrets.SecretMasker;

/**
 * The restore's volumes, replaced only once their new files are known good: each member is first
 * unpacked into a fresh temporary volume of the restore's own ({@link #stage}); only when every one
 * unpacked does {@link #replaceAll} empty each real volume and copy the files over, in one helper
 * container with both volumes mounted. {@code cp -a} keeps owners, modes, times and links, and it
 * and {@code find} are used only with options busybox has too (the helper is the deployment's
 * PostgreSQL image: Debian in the tests, Alpine upstream).
 *
 * <p>The temporary volumes carry the label {@value #LABEL} (the volume they stand in for) and no
 * Compose label, so that neither Compose nor {@code down --volumes} takes them for the
 * deployment's; {@link #close} removes them, whatever happened, and only them.
 */
final class StagedVolumes implements AutoCloseable {
    static final String LABEL = "reflector-setup.restore-temporary";
    static final String NAME_PREFIX = "reflector-setup-restore-";
    /** Empties /to (also of dot files), then copies /from's files, and /from's own owner and mode, into it. */
    static final List<String> COPY =
            List.of("sh", "-c", "find /to -mindepth 1 -maxdepth 1 -exec rm -rf -- {} + && cp -a /from/. /to/");

    private final Docker docker;
    private final String helperImage;
    private final String project;
    private final Path archive;
    private final SecretMasker masker;
    private final Console console;
    private final RestoreJournal journal;
    private final Clock clock;
    /** The member of each staged volume (its name in the compose file), in the archive's order. */
    private final Map<String, String> members = new LinkedHashMap<>();
    /** The temporary volume of each staged volume. */
    private final Map<String, String> temporaries = new LinkedHashMap<>();

    StagedVolumes(
            Docker docker,
            String helperImage,
            String project,
            Path archive,
            SecretMasker masker,
            Console console,
            RestoreJournal journal,
            Clock clock) {
        this.docker = docker;
        this.helperImage = helperImage;
        this.project = project;
        this.archive = archive;
        this.masker = masker;
        this.console = console;
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * Unpacks one volume's member into its temporary volume, made by its first member (a bulk
     * volume's second member, the files changed during the first's copy, goes over it); the real
     * volume is not touched.
     */
    void stage(BackupManifest.Entry member, InputStream tar) {
        String real = project + "_" + member.source();
        String temporary = temporaries.get(member.source());
        if (temporary == null) {
            temporary = NAME_PREFIX + real + "-" + UUID.randomUUID().toString().substring(0, 8);
            docker.createVolume(temporary, Map.of(LABEL, real));
            temporaries.put(member.source(), temporary);
            members.put(member.source(), member.path());
        } else {
            members.put(member.source(), members.get(member.source()) + " and " + member.path());
        }
        check(
                docker.runWithVolume(
                        helperImage, temporary, false, List.of("tar", "-C", "/volume", "-xf", "-"), tar, null),
                "unpacking " + member.path() + " of " + archive + " into a temporary volume",
                "volume " + real + " was not touched");
    }

    /** Replaces each real volume's files with its temporary volume's (a missing one is made as Compose would). */
    void replaceAll() {
        for (Map.Entry<String, String> staged : temporaries.entrySet()) {
            String volume = staged.getKey();
            String real = project + "_" + volume;
            Restore.ensureVolume(docker, project, volume);
            journal.replacing("volume " + volume);
            Instant started = clock.instant();
            check(
                    docker.runWithTwoVolumes(helperImage, staged.getValue(), real, COPY),
                    "replacing volume " + real + " with " + members.get(volume) + " of " + archive,
                    "the volume may be partly emptied");
            journal.replaced("volume " + volume);
            console.info(
                    "volume " + volume + ": replaced in " + Backup.seconds(Duration.between(started, clock.instant())));
        }
    }

    /** The volumes staged, by their names in the compose file. */
    List<String> volumes() {
        return List.copyOf(temporaries.keySet());
    }

    /** Removes the temporary volumes this made; one that cannot be removed is named with the command that does. */
    @Override
    public void close() {
        for (String temporary : new ArrayList<>(temporaries.values())) {
            try {
                docker.removeVolume(temporary);
            } catch (RuntimeException e) {
                journal.leftover(temporary);
                console.warn("could not remove the restore's temporary volume " + temporary + " ("
                        + masker.maskAll(String.valueOf(e.getMessage())) + "); remove it with `docker volume rm "
                        + temporary + "`");
            }
        }
        temporaries.clear();
    }

    /** A helper that failed: what it did, with which member of which archive, and the end of its stderr. */
    private void check(ExecResult result, String action, String state) {
        if (!result.succeeded()) {
            List<String> lines = result.stderr()
                    .strip()
                    .lines()
                    .filter(line -> !line.isBlank())
                    .toList();
            String last = String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
            throw InstallerException.serviceFailed(action + " failed (helper container exit " + result.exitCode()
                    + (last.isEmpty() ? "" : ": " + masker.maskAll(last)) + "); " + state);
        }
    }
}
