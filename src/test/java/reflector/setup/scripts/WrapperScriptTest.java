package reflector.setup.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/setup-selfhosted.sh with a stand-in `java` that records how it is called: the Java
 * check, the arguments passed through, the UTF-8 locale, the start-up archive and --dir in a
 * Reflector checkout.
 */
class WrapperScriptTest {
    static final Path SCRIPT = Path.of("scripts/setup-selfhosted.sh").toAbsolutePath();

    @TempDir
    Path tmp;

    record Run(int exit, String stderr, List<String> calls) {}

    /** A java that says it is {@code version}, and logs each call's LC_ALL and arguments. */
    Path fakeJava(String version) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("jdk/bin"));
        Files.createDirectories(tmp.resolve("jdk/lib"));
        Files.writeString(tmp.resolve("jdk/lib/modules"), "");
        Path java = bin.resolve("java");
        Files.writeString(
                java,
                """
                #!/usr/bin/env bash
                if [ "$1" = -version ]; then echo 'openjdk version "%s" 2024-01-16' >&2; exit 0; fi
                echo "LC_ALL=$LC_ALL $*" >> "%s"
                for arg in "$@"; do
                  case $arg in -XX:ArchiveClassesAtExit=*) echo archive > "${arg#*=}" ;; esac
                done
                """
                        .formatted(version, tmp.resolve("calls.log")));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tmp.resolve("jdk");
    }

    Run run(Path script, Path javaHome, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", javaHome.toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        Path jar = tmp.resolve("reflector-setup.jar");
        if (!Files.exists(jar)) {
            Files.writeString(jar, "not really a jar");
        }
        env.put("REFLECTOR_SETUP_JAR", jar.toString());
        Process process = builder.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        Path log = tmp.resolve("calls.log");
        return new Run(exit, stderr, Files.exists(log) ? Files.readAllLines(log) : List.of());
    }

    @Test
    void tooOldAJavaIsNamedWithHowToGetANewOne() throws Exception {
        Run run = run(SCRIPT, fakeJava("11.0.22"));
        assertEquals(3, run.exit(), run.stderr());
        assertTrue(run.stderr().contains("needs Java 17 or newer (found: openjdk version \"11.0.22\""), run.stderr());
        assertTrue(run.stderr().contains("apt-get install openjdk-17-jre-headless"), run.stderr());
        assertEquals(List.of(), run.calls());
    }

    @Test
    void noJavaAtAll() throws Exception {
        Run run = run(SCRIPT, tmp.resolve("no-such-jdk"));
        assertEquals(3, run.exit(), run.stderr());
        assertTrue(run.stderr().contains("needs Java 17 or newer."), run.stderr());
    }

    @Test
    void argumentsPassThroughWithUtf8AndTheArchiveMadeOnce() throws Exception {
        Path java = fakeJava("17.0.15");
        String[] args = {
            "--gpu", "--ollama-gpu", "--garage", "--domain", "reflector.example.com", "--password", "s3cret pass"
        };
        Run first = run(SCRIPT, java, args);
        assertEquals(0, first.exit(), first.stderr());
        assertEquals(2, first.calls().size(), "a training run, then the real one: " + first.calls());
        assertTrue(
                first.calls().get(0).contains("-XX:ArchiveClassesAtExit="),
                first.calls().get(0));
        String real = first.calls().get(1);
        assertTrue(real.startsWith("LC_ALL=C.UTF-8 "), real);
        assertTrue(real.contains("-Dfile.encoding=UTF-8 -Dsun.jnu.encoding=UTF-8"), real);
        assertTrue(real.contains("-XX:SharedArchiveFile=" + tmp.resolve("cache/reflector-setup")), real);
        assertTrue(real.endsWith("-jar " + tmp.resolve("reflector-setup.jar") + " " + String.join(" ", args)), real);

        Run second = run(SCRIPT, java, "status");
        assertEquals(3, second.calls().size(), "no second training run: " + second.calls());
        assertTrue(second.calls().get(2).endsWith(" status"), second.calls().get(2));
    }

    @Test
    void inAReflectorCheckoutItInstallsThereUnlessDirIsGiven() throws Exception {
        Path checkout = Files.createDirectories(tmp.resolve("reflector"));
        Files.createDirectories(checkout.resolve("server"));
        Files.writeString(checkout.resolve("docker-compose.selfhosted.yml"), "services: {}\n");
        Path script = Files.createDirectories(checkout.resolve("scripts")).resolve("setup-selfhosted.sh");
        Files.copy(SCRIPT, script, StandardCopyOption.REPLACE_EXISTING);
        Path java = fakeJava("21.0.5");
        Run run = run(script, java, "--cpu");
        assertTrue(
                run.calls().get(1).endsWith(" --dir " + checkout + " --cpu"),
                run.calls().toString());
        Run own = run(script, java, "--cpu", "--dir", "/srv/reflector");
        assertTrue(
                own.calls().get(2).endsWith(" --cpu --dir /srv/reflector"),
                own.calls().toString());
        assertFalse(
                own.calls().get(2).contains(checkout.toString() + " "),
                own.calls().toString());
    }
}
