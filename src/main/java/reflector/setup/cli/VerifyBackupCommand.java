package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import reflector.setup.backup.ArchiveCheck;
import reflector.setup.backup.BackupManifest;
import reflector.setup.core.ExitCode;
import reflector.setup.core.InstallerException;
import reflector.setup.install.Host;
import reflector.setup.output.CommandOutput;
import reflector.setup.output.Console;
import reflector.setup.output.JsonDocument;
import reflector.setup.text.Sizes;

/** A backup tested without restoring it: the same check of the whole archive that every restore makes first. */
@Command(
        name = "verify-backup",
        mixinStandardHelpOptions = true,
        description = {
            "Check a backup archive without restoring it, as a restore checks it before it changes anything: "
                    + "the gzip and tar streams whole, the manifest complete (no member missing, extra or twice) and every "
                    + "member matching its size and SHA-256. Needs no Docker.",
            "Exit 0 when the archive is whole, 3 when it is damaged (the member is named), 2 when it is not a backup."
        })
public final class VerifyBackupCommand extends DayTwoCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The archive `reflector-setup backup` wrote.")
    Path archive;

    @Mixin
    FormatOption format = new FormatOption();

    @Mixin
    OutputOptions verbosity = new OutputOptions();

    public VerifyBackupCommand(Host host) {
        super(host);
    }

    @Override
    public String documentName() {
        return "verify-backup";
    }

    @Override
    public CommandOutput output() {
        return format.made();
    }

    @Override
    public Integer call() {
        CommandOutput output = format.output(host);
        Console console = console(verbosity);
        Path file = archive.toAbsolutePath().normalize();
        ArchiveCheck.Result result = new ArchiveCheck(console, host.clock()).check(file);
        ExitCode exitCode = result.whole() ? ExitCode.OK : ExitCode.ENVIRONMENT;
        if (output.json()) {
            output.document(document(result, exitCode));
        } else if (result.whole()) {
            BackupManifest manifest = result.manifest();
            long bytes = result.members().stream()
                    .mapToLong(ArchiveCheck.Member::bytes)
                    .sum();
            output.text("\n" + file + " is whole: " + (result.members().size() + 1) + " members (" + Sizes.human(bytes)
                    + ") match the manifest.\n  Taken:    " + manifest.createdAt() + " of " + manifest.directory()
                    + " (project " + manifest.project() + ")\n  Restore:  reflector-setup restore " + file
                    + " --dir DIR\n");
        }
        if (!result.whole()) {
            throw InstallerException.environment(result.message());
        }
        return exitCode.code();
    }

    private static ObjectNode document(ArchiveCheck.Result result, ExitCode exitCode) {
        ObjectNode root = JsonDocument.start("verify-backup", exitCode, result.whole() ? null : result.message());
        root.put("archive", result.archive().toString());
        root.put("whole", result.whole());
        BackupManifest manifest = result.manifest();
        if (manifest != null) {
            root.putObject("backup")
                    .put("createdAt", manifest.createdAt().toString())
                    .put("directory", manifest.directory())
                    .put("project", manifest.project())
                    .put("installerVersion", manifest.installerVersion());
        } else {
            root.putNull("backup");
        }
        ArrayNode members = root.putArray("members");
        for (ArchiveCheck.Member member : result.members()) {
            members.addObject()
                    .put("path", member.path())
                    .put("type", member.type().name().toLowerCase(Locale.ROOT))
                    .put("source", member.source())
                    .put("bytes", member.bytes())
                    .put("sha256", member.sha256());
        }
        result.damage()
                .ifPresentOrElse(
                        damage -> root.putObject("damage")
                                .put("member", damage.member())
                                .put("reason", damage.reason()),
                        () -> root.putNull("damage"));
        return root;
    }
}
