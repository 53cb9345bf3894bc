package reflector.setup.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reflector.setup.secrets.PasswordHasher;
import reflector.setup.support.CliRun;
import reflector.setup.support.EnvFiles;
import reflector.setup.support.TreeHash;

/**
 * Hostile existing files in an installed deployment, then a re-run: byte-order marks, CRLF, bytes
 * that are not UTF-8, {@code KEY: value}, {@code export}, duplicated keys, unterminated quotes,
 * multi-line values, links into and out of the directory, directories, pipes and unreadable modes
 * where files belong, huge files, leftovers of a killed run. Each case has its exit code; a
 * refusal leaves the tree (and anything a link points to) exactly as it was.
 */
class HostileFilesReliabilityTest {
    @TempDir
    static Path reference;

    @TempDir
    Path tmp;

    /** Changes a copy of the reference deployment; {@code outside} is a directory beside it. */
    @FunctionalInterface
    interface Arrange {
        void apply(Path dir, Path outside) throws IOException;
    }

    /** Looks at the deployment and the output after the run. */
    @FunctionalInterface
    interface Check {
        void apply(Path dir, Path outside, CliRun.Result result) throws IOException;
    }

    @BeforeAll
    static void installReference() {
        Deployments.install(reference.resolve("deploy"));
    }

    @AfterAll
    static void writeCounts() {
        ReliabilityCounts.write();
    }

    private static Arguments refused(String name, int exit, String message, Arrange arrange) {
        return Arguments.of(name, arrange, List.of(), exit, (Check) (dir, outside, result) ->
                assertTrue(result.err().contains(message), () -> "expected \"" + message + "\": " + result));
    }

    private static Arguments accepted(String name, Arrange arrange, List<String> args, Check check) {
        return Arguments.of(name, arrange, args, 0, check);
    }

    static Stream<Arguments> hostileFiles() {
        return Stream.of(
                refused(
                        "BOM before AUTH_BACKEND=password",
                        2,
                        "server/.env line 1: the file starts with a byte-order mark",
                        (dir, out) -> prepend(dir.resolve("server/.env"), "\uFEFF")),
                refused(
                        "BOM in www/.env",
                        2,
                        "www/.env line 1",
                        (dir, out) -> prepend(dir.resolve("www/.env"), "\uFEFF")),
                refused("BOM in .env", 2, ".env line 1", (dir, out) -> prepend(dir.resolve(".env"), "\uFEFF")),
                refused(
                        "BOM in the template of a missing server/.env",
                        2,
                        "server/.env.selfhosted.example line 1",
                        (dir, out) -> {
                            Files.delete(dir.resolve("server/.env"));
                            prepend(dir.resolve("server/.env.selfhosted.example"), "\uFEFF");
                        }),
                refused(
                        "AUTH_BACKEND: password (Compose's YAML style)",
                        2,
                        "write NAME=value",
                        (dir, out) ->
                                replace(dir.resolve("server/.env"), "AUTH_BACKEND=password", "AUTH_BACKEND: password")),
                refused(
                        "KEY: value for a key the installer does not manage",
                        2,
                        "'NAME: value'",
                        (dir, out) -> append(dir.resolve("server/.env"), "SMTP_HOST: mail.example.com\n")),
                refused(
                        "a bare AUTH_BACKEND",
                        2,
                        "without '='",
                        (dir, out) -> replace(dir.resolve("server/.env"), "AUTH_BACKEND=password", "AUTH_BACKEND")),
                refused(
                        "AUTH_BACKEND=$AUTH (expanded differently)",
                        2,
                        "AUTH_BACKEND has a '$'",
                        (dir, out) ->
                                replace(dir.resolve("server/.env"), "AUTH_BACKEND=password", "AUTH_BACKEND=$AUTH")),
                refused(
                        "SECRET_KEY=${...} that Compose cannot read",
                        2,
                        "Docker Compose cannot read",
                        (dir, out) -> append(dir.resolve("server/.env"), "OTHER=${oops\n")),
                refused(
                        "an unterminated single quote",
                        2,
                        "closing quote",
                        (dir, out) -> append(dir.resolve("server/.env"), "SMTP_PASSWORD='abc\nX=1\n")),
                refused(
                        "an unterminated double quote at the end",
                        2,
                        "closing quote",
                        (dir, out) -> append(dir.resolve("www/.env"), "OAUTH_SECRET=\"abc")),
                refused(
                        "text after a closing quote",
                        2,
                        "check the quotes",
                        (dir, out) -> append(dir.resolve("server/.env"), "A='x' y\n")),
                refused(
                        "backslashes in single quotes",
                        2,
                        "differently",
                        (dir, out) -> append(dir.resolve("server/.env"), "A='x\\\\y'\n")),
                refused(
                        "a tab before '#'",
                        2,
                        "differently",
                        (dir, out) -> append(dir.resolve("server/.env"), "A=x\t#y\n")),
                refused("a lone CR", 2, "differently", (dir, out) -> append(dir.resolve("server/.env"), "A=x\rB=y\n")),
                refused(
                        "CRLF inside a multi-line quoted value",
                        2,
                        "differently",
                        (dir, out) -> append(dir.resolve("server/.env"), "CERT=\"line one\r\nline two\"\n")),
                refused("a NUL byte", 2, "NUL", (dir, out) -> append(dir.resolve("server/.env"), "A=x\0y\n")),
                refused(
                        "a quoted key",
                        2,
                        "Docker Compose cannot read",
                        (dir, out) -> append(dir.resolve(".env"), "'A'=1\n")),
                refused(
                        "a name with '$'",
                        2,
                        "unexpected character '$'",
                        (dir, out) -> append(dir.resolve(".env"), "A$B=1\n")),
                refused(
                        "invalid UTF-8 on line 3 of server/.env",
                        2,
                        "server/.env line 3: not UTF-8",
                        (dir, out) -> Files.write(dir.resolve("server/.env"), new byte[] {
                            'A', '=', '1', '\n', 'B', '=', '2', '\n', 'C', '=', (byte) 0xC3, (byte) 0x28, '\n'
                        })),
                refused(
                        "invalid UTF-8 in www/.env",
                        2,
                        "www/.env line 1: not UTF-8",
                        (dir, out) -> Files.write(dir.resolve("www/.env"), new byte[] {'A', '=', (byte) 0xFF, '\n'})),
                refused(
                        "invalid UTF-8 in a hand-edited Caddyfile",
                        3,
                        "Caddyfile is not UTF-8",
                        (dir, out) -> Files.write(
                                dir.resolve("Caddyfile"), new byte[] {':', '4', '4', '3', ' ', (byte) 0xFE, '\n'})),
                refused("www/.env linked to a file outside", 3, "symbolic link to a file outside", (dir, out) -> {
                    Path target = out.resolve("www.env");
                    Files.copy(dir.resolve("www/.env"), target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                    Files.delete(dir.resolve("www/.env"));
                    Files.createSymbolicLink(dir.resolve("www/.env"), target);
                }),
                refused("server/.env linked to /dev/zero", 3, "symbolic link to a file outside", (dir, out) -> {
                    Files.delete(dir.resolve("server/.env"));
                    Files.createSymbolicLink(dir.resolve("server/.env"), Path.of("/dev/zero"));
                }),
                refused("a dangling link at .env", 3, "leads nowhere", (dir, out) -> {
                    Files.delete(dir.resolve(".env"));
                    Files.createSymbolicLink(dir.resolve(".env"), dir.resolve("gone"));
                }),
                refused("a directory at server/.env", 3, "server/.env is a directory", (dir, out) -> {
                    Files.delete(dir.resolve("server/.env"));
                    Files.createDirectories(dir.resolve("server/.env/x"));
                }),
                refused("a directory with files at Caddyfile", 3, "Caddyfile is a directory", (dir, out) -> {
                    Files.delete(dir.resolve("Caddyfile"));
                    Files.createDirectories(dir.resolve("Caddyfile"));
                    Files.writeString(dir.resolve("Caddyfile/keep"), "x");
                }),
                refused(
                        "a directory at the compose file",
                        3,
                        "docker-compose.selfhosted.yml is a directory",
                        (dir, out) -> {
                            Files.delete(dir.resolve("docker-compose.selfhosted.yml"));
                            Files.createDirectories(dir.resolve("docker-compose.selfhosted.yml"));
                        }),
                refused("a named pipe at www/.env", 3, "not a regular file", (dir, out) -> {
                    Files.delete(dir.resolve("www/.env"));
                    mkfifo(dir.resolve("www/.env"));
                }),
                refused(
                        "a 2 MiB server/.env",
                        3,
                        "far larger",
                        (dir, out) ->
                                append(dir.resolve("server/.env"), ("# " + "x".repeat(1022) + "\n").repeat(2048))),
                accepted(
                        "export AUTH_BACKEND=password",
                        (dir, out) -> replace(
                                dir.resolve("server/.env"), "AUTH_BACKEND=password", "export AUTH_BACKEND=password"),
                        List.of(),
                        (dir, out, result) -> {
                            String env = Files.readString(dir.resolve("server/.env"));
                            assertTrue(env.contains("export AUTH_BACKEND=password\n"), env);
                            assertEquals(
                                    1, env.split("AUTH_BACKEND=", -1).length - 1, "no second AUTH_BACKEND: " + env);
                        }),
                accepted(
                        "CRLF line ends everywhere",
                        (dir, out) -> {
                            for (String file : List.of("server/.env", "www/.env", ".env")) {
                                replace(dir.resolve(file), "\n", "\r\n");
                            }
                        },
                        List.of("--public-ip", "192.0.2.11"),
                        (dir, out, result) -> {
                            String env = Files.readString(dir.resolve("server/.env"));
                            assertTrue(env.contains("BASE_URL=https://192.0.2.11\r\n"), env);
                            assertFalse(env.replace("\r\n", "").contains("\n"), "a bare LF in a CRLF file");
                            assertUnchangedByRerun(dir, "--public-ip", "192.0.2.11");
                        }),
                accepted(
                        "duplicated keys: the last is updated, the first kept",
                        (dir, out) -> {
                            prepend(dir.resolve("server/.env"), "BASE_URL=http://first.example\n");
                            append(dir.resolve("server/.env"), "SECRET_KEY=kept-user-secret-key-value\n");
                        },
                        List.of("--public-ip", "192.0.2.12"),
                        (dir, out, result) -> {
                            String env = Files.readString(dir.resolve("server/.env"));
                            assertTrue(env.startsWith("BASE_URL=http://first.example\n"), env);
                            assertEquals("https://192.0.2.12", EnvFiles.value(dir.resolve("server/.env"), "BASE_URL"));
                            assertEquals(
                                    "kept-user-secret-key-value",
                                    EnvFiles.value(dir.resolve("server/.env"), "SECRET_KEY"));
                            assertFalse((result.out() + result.err()).contains("kept-user-secret-key-value"));
                        }),
                accepted(
                        "multi-line values, one a secret",
                        (dir, out) -> append(
                                dir.resolve("server/.env"),
                                "PRIVATE_KEY=\"-----BEGIN KEY-----\nMIIEvQIBADANBgkq\n-----END KEY-----\"\nNOTE='two\nlines'\n"),
                        List.of("--dry-run", "--public-ip", "192.0.2.13"),
                        (dir, out, result) -> {
                            assertFalse((result.out() + result.err()).contains("MIIEvQIBADANBgkq"), result::toString);
                            assertTrue(result.out().contains("+BASE_URL=https://192.0.2.13"), result::toString);
                        }),
                accepted(
                        "a name with letters of any script",
                        (dir, out) -> append(dir.resolve(".env"), "ÉTÉ=1\n"),
                        List.of(),
                        (dir, out, result) ->
                                assertTrue(Files.readString(dir.resolve(".env")).contains("ÉTÉ=1\n"))),
                accepted(
                        "the original's unquoted hash with $$, kept without --password",
                        (dir, out) -> replaceHash(
                                dir, "ADMIN_PASSWORD_HASH=pbkdf2:sha256:100000$$0123456789abcdef0123456789abcdef$$ab"),
                        List.of(),
                        (dir, out, result) -> assertTrue(
                                Files.readString(dir.resolve("server/.env"))
                                        .contains(
                                                "ADMIN_PASSWORD_HASH=pbkdf2:sha256:100000$$0123456789abcdef0123456789abcdef$$ab\n"))),
                accepted(
                        "the original's unquoted hash with $$, replaced with --password",
                        (dir, out) -> replaceHash(
                                dir, "ADMIN_PASSWORD_HASH=pbkdf2:sha256:100000$$0123456789abcdef0123456789abcdef$$ab"),
                        List.of("--password-file", "PASSWORD_FILE"),
                        (dir, out, result) -> {
                            String hash = EnvFiles.value(dir.resolve("server/.env"), "ADMIN_PASSWORD_HASH");
                            assertTrue(PasswordHasher.verify(Deployments.PASSWORD.toCharArray(), hash), hash);
                        }),
                accepted(
                        "server/.env linked to a file inside the directory",
                        (dir, out) -> {
                            Files.createDirectories(dir.resolve("secrets"));
                            Files.move(dir.resolve("server/.env"), dir.resolve("secrets/server.env"));
                            Files.createSymbolicLink(dir.resolve("server/.env"), Path.of("../secrets/server.env"));
                        },
                        List.of("--public-ip", "192.0.2.14"),
                        (dir, out, result) -> {
                            assertTrue(Files.isSymbolicLink(dir.resolve("server/.env")), "the link was replaced");
                            assertEquals(
                                    "https://192.0.2.14",
                                    EnvFiles.value(dir.resolve("secrets/server.env"), "BASE_URL"));
                            assertEquals(
                                    "rw-------",
                                    PosixFilePermissions.toString(
                                            Files.getPosixFilePermissions(dir.resolve("secrets/server.env"))));
                        }),
                accepted(
                        "an empty directory Docker left at Caddyfile",
                        (dir, out) -> {
                            Files.delete(dir.resolve("Caddyfile"));
                            Files.createDirectories(dir.resolve("Caddyfile"));
                        },
                        List.of(),
                        (dir, out, result) -> assertTrue(Files.isRegularFile(dir.resolve("Caddyfile")))),
                // Tests run as root, who reads a mode-0000 file anyway: the run works and leaves the
                // stricter mode alone (it only ever narrows a secret file's mode).
                accepted(
                        "server/.env with mode 0000",
                        (dir, out) -> Files.setPosixFilePermissions(
                                dir.resolve("server/.env"), PosixFilePermissions.fromString("---------")),
                        List.of("--public-ip", "192.0.2.16"),
                        (dir, out, result) -> {
                            assertEquals("https://192.0.2.16", EnvFiles.value(dir.resolve("server/.env"), "BASE_URL"));
                            assertEquals(
                                    "rw-------",
                                    PosixFilePermissions.toString(
                                            Files.getPosixFilePermissions(dir.resolve("server/.env"))),
                                    "written anew, 0600");
                        }),
                accepted(
                        "www/.env with mode 0666",
                        (dir, out) -> Files.setPosixFilePermissions(
                                dir.resolve("www/.env"), PosixFilePermissions.fromString("rw-rw-rw-")),
                        List.of(),
                        (dir, out, result) -> assertEquals(
                                "rw-------",
                                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("www/.env"))))),
                accepted(
                        "a 500 KB value in a key the installer does not manage",
                        (dir, out) -> append(dir.resolve("server/.env"), "BIG=" + "b".repeat(500_000) + "\n"),
                        List.of("--public-ip", "192.0.2.15"),
                        (dir, out, result) ->
                                assertEquals("b".repeat(500_000), EnvFiles.value(dir.resolve("server/.env"), "BIG"))),
                accepted(
                        "a deployment directory writable by everyone",
                        (dir, out) -> Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx")),
                        List.of(),
                        (dir, out, result) -> assertTrue(
                                result.err().contains("WARNING: the deployment directory is writable by everyone"),
                                result::toString)),
                accepted(
                        "server/ writable by its group",
                        (dir, out) -> Files.setPosixFilePermissions(
                                dir.resolve("server"), PosixFilePermissions.fromString("rwxrwxr-x")),
                        List.of(),
                        (dir, out, result) -> assertTrue(
                                result.err().contains("WARNING: server/ is writable by its group"), result::toString)),
                accepted(
                        "temporary files a killed run left",
                        (dir, out) -> {
                            Files.writeString(dir.resolve("server/..env.tmp-1f2e3d4c5b6a7988"), "SECRET_KEY=half-writ");
                            Files.writeString(dir.resolve("..env.tmp-0a"), "");
                        },
                        List.of(),
                        (dir, out, result) -> {
                            assertFalse(Files.exists(dir.resolve("server/..env.tmp-1f2e3d4c5b6a7988")));
                            assertFalse(Files.exists(dir.resolve("..env.tmp-0a")));
                            assertTrue(result.err().contains("removed 2 temporary file(s)"), result::toString);
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void hostileFile(String name, Arrange arrange, List<String> extra, int exit, Check check) throws IOException {
        Path dir = tmp.resolve("deploy");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Deployments.copy(reference.resolve("deploy"), dir);
        arrange.apply(dir, outside);
        String before = TreeHash.of(tmp);
        List<String> args = new ArrayList<>();
        for (String word : extra) {
            args.add(word.equals("PASSWORD_FILE") ? passwordFile() : word);
        }
        CliRun.Result result = new CliRun()
                .run(Deployments.args(dir, args.toArray(String[]::new)).toArray(String[]::new));
        assertEquals(exit, result.exitCode(), result::toString);
        Deployments.assertSafeOutput(result);
        if (exit != 0) {
            Deployments.assertRefused(result, exit);
            assertEquals(before, TreeHash.of(tmp), () -> "a refused run changed the tree:\n" + TreeHash.listing(tmp));
        }
        check.apply(dir, outside, result);
        ReliabilityCounts.passed("hostile existing files");
    }

    private Path passwordFileCreated;

    private String passwordFile() throws IOException {
        passwordFileCreated = Files.createTempFile("password", ".txt");
        Files.writeString(passwordFileCreated, Deployments.PASSWORD + "\n");
        return passwordFileCreated.toString();
    }

    /** A second run with the same options changes no byte. */
    private static void assertUnchangedByRerun(Path dir, String... extra) {
        String before = TreeHash.of(dir);
        CliRun.Result again = new CliRun().run(Deployments.args(dir, extra).toArray(String[]::new));
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(before, TreeHash.of(dir));
        assertNotEquals("", before);
    }

    private static void replaceHash(Path dir, String line) throws IOException {
        Path env = dir.resolve("server/.env");
        String text = Files.readString(env);
        Files.writeString(env, text.replaceAll("(?m)^ADMIN_PASSWORD_HASH=.*$", Matcher.quoteReplacement(line)));
    }

    private static void prepend(Path file, String text) throws IOException {
        Files.writeString(file, text + Files.readString(file));
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " has no " + from);
        Files.writeString(file, text.replace(from, to));
    }

    private static void mkfifo(Path path) throws IOException {
        try {
            Process process =
                    new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            assertEquals(0, process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertFalse(Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS));
    }
}
