package reflector.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md's table of layers is the one {@link ArchitectureTest} checks: the same layers
 * in the same order, each with the same packages (in any order); and every package of the main code is in a layer,
 * so that none escapes the check.
 */
class ArchitectureDocTest {
    static final Path DOC = Path.of("docs/ARCHITECTURE.md");
    static final String HEADER = "| Layer (top down) | Packages | What they hold |";

    @Test
    void theDocumentedLayersAreTheCheckedOnes() throws Exception {
        Map<String, TreeSet<String>> documented = new LinkedHashMap<>();
        String doc = Files.readString(DOC);
        int at = doc.indexOf(HEADER);
        assertTrue(at >= 0, DOC + " has no table starting " + HEADER);
        List<String> rows = doc.substring(at)
                .lines()
                .takeWhile(line -> line.startsWith("|"))
                .skip(2)
                .toList();
        Pattern name = Pattern.compile("`([a-z][a-z0-9.]*)`");
        for (String row : rows) {
            String[] cells = row.split("\\|", -1);
            TreeSet<String> packages = new TreeSet<>();
            Matcher m = name.matcher(cells[2]);
            while (m.find()) {
                packages.add(
                        m.group(1).equals("reflector.setup")
                                ? "reflector.setup"
                                : "reflector.setup." + m.group(1) + "..");
            }
            documented.put(cells[1].strip(), packages);
        }
        Map<String, TreeSet<String>> checked = new LinkedHashMap<>();
        ArchitectureTest.LAYERS.forEach(
                (layer, packages) -> checked.put(layer, new TreeSet<>(Arrays.asList(packages))));
        assertEquals(checked.toString(), documented.toString(), DOC + "'s layers differ from ArchitectureTest.LAYERS");
    }

    @Test
    void everyPackageIsInALayer() throws Exception {
        TreeSet<String> inLayers = new TreeSet<>();
        ArchitectureTest.LAYERS.values().forEach(packages -> inLayers.addAll(Arrays.asList(packages)));
        TreeSet<String> missing = new TreeSet<>();
        Path root = Path.of("src/main/java/reflector/setup");
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).forEach(dir -> {
                String name = "reflector.setup." + dir.getFileName() + "..";
                if (!inLayers.contains(name)) {
                    missing.add(name);
                }
            });
        }
        assertEquals(new TreeSet<>(), missing, "packages in no layer of ArchitectureTest (and so never checked)");
    }
}
