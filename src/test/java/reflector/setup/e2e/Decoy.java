package reflector.setup.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deployment the suite did not make: Compose project "reflector" (the name an earlier suite
 * deleted whatever ran under it) with a container and a named volume holding a marker. Planted
 * before the end-to-end tests and checked after them: nothing in the suite may stop, remove or
 * change it. Where a real "reflector" project already runs on the engine, that one is the decoy
 * and is only watched, never touched.
 */
final class Decoy {
    static final String PROJECT = "reflector";
    static final String VOLUME = PROJECT + "_postgres_data";
    static final String MARKER = "decoy-data-must-survive";

    private static Path dir;
    private static boolean planted;
    private static Map<String, String> containersBefore;
    private static List<String> volumesBefore;

    private Decoy() {}

    static synchronized void plant() throws Exception {
        if (containersBefore != null) {
            return;
        }
        if (containers().isEmpty()) {
            dir = Files.createTempDirectory("reflector-decoy");
            Files.writeString(
                    dir.resolve("compose.yml"),
                    String.join(
                            "\n",
                            "services:",
                            "  keeper:",
                            "    image: reflector-test/debian-base:bookworm",
                            "    command: [\"sh\", \"-c\", \"echo " + MARKER
                                    + " > /data/marker; exec sleep infinity\"]",
                            "    volumes:",
                            "      - postgres_data:/data",
                            "volumes:",
                            "  postgres_data:",
                            ""));
            Shell.Result up = Shell.run(
                    Map.of(),
                    120,
                    List.of(
                            "docker",
                            "compose",
                            "-p",
                            PROJECT,
                            "-f",
                            dir.resolve("compose.yml").toString(),
                            "up",
                            "-d",
                            "--wait"));
            assertEquals(0, up.exitCode(), up::toString);
            planted = true;
        }
        containersBefore = containers();
        volumesBefore = volumes();
    }

    /** The decoy is exactly as it was: same containers, still running, same volumes, the data in them. */
    static synchronized void assertUntouchedAndRemoveIfPlanted() throws Exception {
        if (containersBefore == null) {
            return;
        }
        try {
            assertEquals(containersBefore, containers(), "the decoy deployment's containers changed");
            assertEquals(volumesBefore, volumes(), "the decoy deployment's volumes changed");
            if (planted) {
                Shell.Result marker = Shell.run(
                        "docker",
                        "run",
                        "--rm",
                        "-v",
                        VOLUME + ":/data:ro",
                        "reflector-test/debian-base:bookworm",
                        "cat",
                        "/data/marker");
                assertEquals(MARKER, marker.out().strip(), marker::toString);
            }
        } finally {
            if (planted) {
                Shell.run(
                        Map.of(),
                        120,
                        List.of(
                                "docker",
                                "compose",
                                "-p",
                                PROJECT,
                                "-f",
                                dir.resolve("compose.yml").toString(),
                                "down",
                                "-v",
                                "--timeout",
                                "1"));
                Files.deleteIfExists(dir.resolve("compose.yml"));
                Files.deleteIfExists(dir);
            }
        }
    }

    /** Container id to state, of project "reflector". */
    private static Map<String, String> containers() {
        Shell.Result ps = Shell.run(
                "docker",
                "ps",
                "-a",
                "--no-trunc",
                "--filter",
                "label=com.docker.compose.project=" + PROJECT,
                "--format",
                "{{.ID}}\t{{.State}}");
        TreeMap<String, String> states = new TreeMap<>();
        ps.out().lines().filter(line -> !line.isBlank()).forEach(line -> {
            String[] fields = line.split("\t");
            states.put(fields[0], fields[1]);
        });
        return states;
    }

    private static List<String> volumes() {
        return Shell.run("docker", "volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT)
                .out()
                .lines()
                .filter(line -> !line.isBlank())
                .sorted()
                .toList();
    }
}
