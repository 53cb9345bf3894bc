package reflector.setup.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.RecordedOptions;
import reflector.setup.core.InstallerException;
import reflector.setup.core.IoErrors;
import reflector.setup.envfile.EnvFile;
import reflector.setup.envfile.EnvFileException;

/**
 * Looks at the files a run will read and write before anything is written, so that a file the
 * installer cannot handle safely stops the run with nothing changed:
 *
 * <ul>
 *   <li>a symbolic link that leads out of the deployment directory, or nowhere: writing or
 *       restricting it would change a file elsewhere (exit 3);
 *   <li>a directory, device or pipe where a file belongs, an unreadable file, a file larger than
 *       any this installer writes (exit 3);
 *   <li>an env file that is not UTF-8, or that Docker Compose and python-dotenv would read
 *       differently, or whose values the run decides on contain a {@code $} the two expand
 *       differently (exit 2, naming the file and line);
 *   <li>install options the root .env records in a format a newer installer wrote (exit 3): this
 *       run would not know how the deployment was made, and would overwrite what it recorded.
 * </ul>
 */
public final class ExistingFiles {
    /** Far above any real env file, Caddyfile or compose file. */
    public static final long MAX_BYTES = 1 << 20;

    private static final List<String> MANAGED = List.of(
            DeploymentFiles.COMPOSE_FILE,
            DeploymentFiles.CHECKOUT_COMPOSE_FILE,
            DeploymentFiles.SERVER_ENV,
            DeploymentFiles.SERVER_ENV_TEMPLATE,
            DeploymentFiles.WWW_ENV,
            DeploymentFiles.WWW_ENV_TEMPLATE,
            DeploymentFiles.ROOT_ENV,
            DeploymentFiles.GARAGE_CONFIG,
            DeploymentFiles.GARAGE_CONFIG_TEMPLATE,
            DeploymentFiles.CADDYFILE,
            DeploymentFiles.CADDYFILE_TEMPLATE);

    /** Docker leaves an empty directory where a bind-mounted file was missing; the steps remove it. */
    private static final List<String> EMPTY_DIRECTORY_ALLOWED =
            List.of(DeploymentFiles.GARAGE_CONFIG, DeploymentFiles.CADDYFILE);

    /**
     * The keys whose current value the steps read to decide something (keep, generate, turn
     * authentication on or off); their value must mean the same to both readers.
     */
    private static final Map<String, List<String>> DECIDING_KEYS = Map.of(
            DeploymentFiles.SERVER_ENV,
                    List.of(
                            "SECRET_KEY",
                            "AUTH_BACKEND",
                            "ADMIN_EMAIL",
                            "LLM_URL",
                            "TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID",
                            "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY",
                            "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME",
                            "TRANSCRIPT_STORAGE_AWS_REGION",
                            "TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL",
                            "TRANSCRIPT_FILE_TIMEOUT",
                            "DIARIZATION_FILE_TIMEOUT",
                            "LLM_CONTEXT_WINDOW",
                            "PUBLIC_MODE",
                            "PUBLIC_DATA_RETENTION_DAYS"),
            DeploymentFiles.WWW_ENV, List.of("NEXTAUTH_SECRET", "AUTH_PROVIDER"),
            DeploymentFiles.ROOT_ENV, List.of("HF_TOKEN", "REFLECTOR_CPU_FILE_TIMEOUT"));

    /** Each env file, and the template it starts from when missing. */
    private static final Map<String, String> ENV_TEMPLATES = Map.of(
            DeploymentFiles.SERVER_ENV, DeploymentFiles.SERVER_ENV_TEMPLATE,
            DeploymentFiles.WWW_ENV, DeploymentFiles.WWW_ENV_TEMPLATE);

    private ExistingFiles() {}

    /** Checks the files, and returns the env files as read for the check. */
    public static ExistingEnvFiles check(Path dir) {
        return check(dir, FileBytes.DISK);
    }

    public static ExistingEnvFiles check(Path dir, FileBytes reader) {
        Path realDir = RealPaths.of(dir);
        for (String file : MANAGED) {
            checkFile(realDir, file);
        }
        Map<String, EnvFile> read = new HashMap<>();
        for (String env : List.of(DeploymentFiles.SERVER_ENV, DeploymentFiles.WWW_ENV, DeploymentFiles.ROOT_ENV)) {
            Optional<EnvFile> parsed = readEnv(realDir, env, reader);
            if (parsed.isPresent()) {
                for (String key : DECIDING_KEYS.get(env)) {
                    try {
                        parsed.get().get(key);
                    } catch (EnvFileException e) {
                        throw InstallerException.badInput(env + " " + e.getMessage());
                    }
                }
            } else if (ENV_TEMPLATES.containsKey(env)) {
                readEnv(realDir, ENV_TEMPLATES.get(env), reader);
            }
            read.put(env, parsed.orElseGet(() -> EnvFile.parse("")));
        }
        checkRecordedFormat(read.get(DeploymentFiles.ROOT_ENV));
        return new ExistingEnvFiles(
                read.get(DeploymentFiles.ROOT_ENV),
                read.get(DeploymentFiles.SERVER_ENV),
                read.get(DeploymentFiles.WWW_ENV));
    }

    private static void checkRecordedFormat(EnvFile root) {
        try {
            RecordedOptions.format(root::get);
        } catch (IllegalArgumentException e) {
            throw InstallerException.environment(DeploymentFiles.ROOT_ENV + ": " + e.getMessage());
        }
    }

    /** An env file read and checked as {@link EnvFile#parse} does; empty when there is none. */
    private static Optional<EnvFile> readEnv(Path dir, String relative, FileBytes reader) {
        Path path = dir.resolve(relative);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = reader.read(path);
        } catch (IOException e) {
            throw InstallerException.environment("cannot read " + relative + ": " + IoErrors.describe(e));
        }
        try {
            return Optional.of(EnvFile.parse(utf8(bytes, relative)));
        } catch (EnvFileException e) {
            throw InstallerException.badInput(relative + " " + e.getMessage());
        }
    }

    /** Strict UTF-8, as python-dotenv reads the file; the first bad byte is reported by line. */
    static String utf8(byte[] bytes, String relative) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw InstallerException.badInput(
                    relative + " line " + line + ": not UTF-8 text (python-dotenv cannot read "
                            + "it, and Docker Compose would pass the bytes on as they are); save the file as UTF-8");
        }
        return out.flip().toString();
    }

    private static void checkFile(Path realDir, String relative) {
        Path path = realDir.resolve(relative);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(path)) {
            checkLink(realDir, relative, path);
        }
        if (Files.isDirectory(path)) {
            if (EMPTY_DIRECTORY_ALLOWED.contains(relative) && isEmptyDirectory(path)) {
                return;
            }
            throw InstallerException.environment(
                    relative + " is a directory, where a file belongs; move it away " + "and run again");
        }
        if (!Files.isRegularFile(path)) {
            throw InstallerException.environment(
                    relative + " is not a regular file (a device, pipe or socket); " + "move it away and run again");
        }
        if (!Files.isReadable(path)) {
            throw InstallerException.environment("cannot read " + relative + ": permission denied (run as the owner of "
                    + "the deployment directory, or with sudo)");
        }
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw InstallerException.environment(relative + " is " + size + " bytes, far larger than any file this "
                        + "installer writes (at most " + MAX_BYTES + "); move it away and run again");
            }
            if (!relative.contains(".env") && !isUtf8(Files.readAllBytes(path))) {
                throw InstallerException.environment(relative + " is not UTF-8 text; fix or move it and run again");
            }
        } catch (IOException e) {
            throw InstallerException.environment("cannot read " + relative + ": " + IoErrors.describe(e));
        }
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * A link may point within the deployment directory (or within the directory that holds it,
     * when that is itself linked elsewhere); the installer then writes the file it points to.
     */
    private static void checkLink(Path realDir, String relative, Path link) {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException e) {
            throw InstallerException.environment(relative + " is a symbolic link that leads nowhere ("
                    + IoErrors.describe(e) + "); remove it or point it at a file in the deployment directory");
        }
        Path realParent = RealPaths.of(link.getParent());
        if (!target.startsWith(realDir) && !target.startsWith(realParent)) {
            throw InstallerException.environment(relative + " is a symbolic link to a file outside the deployment "
                    + "directory; the installer does not write or change permissions through it. Replace the link "
                    + "with the file itself, or point it inside " + realDir);
        }
    }

    private static boolean isEmptyDirectory(Path path) {
        try (var entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
