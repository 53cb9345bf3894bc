package reflector.setup.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnifiedDiffTest {

    private static final String ENV =
            """
            # Reflector server settings
            DATABASE_URL=postgresql+asyncpg://reflector:reflector@postgres:5432/reflector
            REDIS_HOST=redis
            BASE_URL=https://reflector.example.com
            AUTH_BACKEND=password
            ADMIN_EMAIL=admin@example.com
            ADMIN_PASSWORD_HASH=changeme
            TRANSCRIPT_BACKEND=whisper
            TRANSCRIPT_STORAGE_BACKEND=aws
            TRANSCRIPT_STORAGE_AWS_BUCKET_NAME=reflector-media
            TRANSCRIPT_STORAGE_AWS_REGION=garage
            TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL=http://garage:3900
            LLM_URL=http://ollama:11434/v1
            LLM_MODEL=qwen2.5:14b
            DIARIZATION_ENABLED=false
            SECRET_KEY=changeme
            """;

    private static boolean diffAvailable;

    @TempDir
    Path dir;

    @BeforeAll
    static void checkDiff() {
        try {
            Process p = new ProcessBuilder("diff", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            diffAvailable = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            diffAvailable = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void equalTextsGiveEmptyString() {
        assertEquals("", UnifiedDiff.diff("a", "b", ENV, ENV));
        assertEquals("", UnifiedDiff.diff("a", "b", "", ""));
        assertEquals("", UnifiedDiff.diff("a", "b", null, ""));
    }

    @Test
    void simpleChange() {
        String expected =
                """
                --- old
                +++ new
                @@ -1,3 +1,3 @@
                 a
                -b
                +B
                 c
                """;
        assertEquals(expected, UnifiedDiff.diff("old", "new", "a\nb\nc\n", "a\nB\nc\n"));
    }

    @Test
    void missingOldFileIsEmptyAndLabelledDevNull() {
        String expected =
                """
                --- /dev/null
                +++ server/.env
                @@ -0,0 +1,2 @@
                +A=1
                +B=2
                """;
        assertEquals(expected, UnifiedDiff.diff("ignored", "server/.env", null, "A=1\nB=2\n"));
    }

    @Test
    void missingNewlineIsMarked() {
        String expected =
                """
                --- a
                +++ b
                @@ -1,2 +1,2 @@
                 x
                -y
                \\ No newline at end of file
                +y
                """;
        assertEquals(expected, UnifiedDiff.diff("a", "b", "x\ny", "x\ny\n"));
    }

    @Test
    void negativeContextIsRejected() {
        Assertions.assertThrows(IllegalArgumentException.class, () -> UnifiedDiff.diff("a", "b", "x", "y", -1));
    }

    @Test
    void matchesGnuDiffOnConfigEdits() throws Exception {
        String changedValues = ENV.replace(
                        "ADMIN_PASSWORD_HASH=changeme", "ADMIN_PASSWORD_HASH=pbkdf2:sha256:100000$a$b")
                .replace("SECRET_KEY=changeme", "SECRET_KEY=0123abcd");
        String linesAddedAndRemoved = ENV.replace("REDIS_HOST=redis\n", "")
                        .replace("LLM_MODEL=qwen2.5:14b\n", "LLM_MODEL=llama3.1:8b\nLLM_API_KEY=\n")
                + "HF_TOKEN=hf_x\n";
        String nearbyChanges = ENV.replace("BASE_URL=https://reflector.example.com", "BASE_URL=https://r.example.org")
                .replace("TRANSCRIPT_BACKEND=whisper", "TRANSCRIPT_BACKEND=modal");
        List<String[]> pairs = List.of(
                new String[] {ENV, changedValues},
                new String[] {ENV, linesAddedAndRemoved},
                new String[] {ENV, nearbyChanges},
                new String[] {ENV, "# header\n" + ENV},
                new String[] {ENV, ENV.strip()},
                new String[] {ENV.strip(), ENV.strip() + "x"},
                new String[] {ENV, ""},
                new String[] {"", ENV},
                new String[] {ENV.replace("\n", "\r\n"), ENV},
                new String[] {"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n", "a\nb\nX\nd\ne\nf\ng\nh\ni\nY\nk\nl\nm\n"},
                new String[] {"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n", "a\nb\nX\nd\ne\nf\ng\nh\nY\nj\nk\nl\nm\n"},
                new String[] {"x\n\n\ny\n\n", "\nx\n\ny\n"});
        for (String[] pair : pairs) {
            for (int context : new int[] {0, 1, 3, 5}) {
                assertSameAsGnuDiff(pair[0], pair[1], context);
            }
        }
    }

    @Test
    void matchesGnuDiffWhenTheOldFileIsMissing() throws Exception {
        assumeTrue(diffAvailable, "GNU diff is not available");
        Path newFile = write("new.env", ENV);
        String expected = normaliseHeader(run("diff", "-u", "/dev/null", newFile.toString()));
        assertEquals(expected, UnifiedDiff.diff("x", newFile.toString(), null, ENV));
    }

    /**
     * Random edits of a small alphabet of lines produce many equally long alternatives; whatever
     * alignment is chosen, the diff must be minimal (same number of changed lines as GNU diff) and
     * apply cleanly with patch(1).
     */
    @Test
    void randomEditsAreMinimalAndApply() throws Exception {
        assumeTrue(diffAvailable, "GNU diff is not available");
        Random random = new Random(42);
        for (int round = 0; round < 150; round++) {
            String a = randomText(random);
            String b = random.nextInt(4) == 0 ? randomText(random) : mutate(a, random);
            int context = random.nextInt(4);
            String ours = UnifiedDiff.diff("a", "b", a, b, context);
            String gnu = gnuDiff(a, b, context);
            assertEquals(changedLines(gnu), changedLines(ours), () -> "a=" + a + "\nb=" + b + "\nours:\n" + ours);
            if (!ours.isEmpty()) {
                assertEquals(b, applyPatch(a, ours), ours);
            }
        }
    }

    private void assertSameAsGnuDiff(String a, String b, int context) throws Exception {
        assumeTrue(diffAvailable, "GNU diff is not available");
        Path oldFile = write("old.txt", a);
        Path newFile = write("new.txt", b);
        String expected =
                normaliseHeader(run("diff", "-U", String.valueOf(context), oldFile.toString(), newFile.toString()));
        String actual = UnifiedDiff.diff(oldFile.toString(), newFile.toString(), a, b, context);
        assertEquals(expected, actual, "context " + context + " for\n" + a + "\n---\n" + b);
    }

    private String gnuDiff(String a, String b, int context) throws Exception {
        Path oldFile = write("old.txt", a);
        Path newFile = write("new.txt", b);
        return run(
                "diff",
                "-U",
                String.valueOf(context),
                "--label",
                "a",
                "--label",
                "b",
                oldFile.toString(),
                newFile.toString());
    }

    private String applyPatch(String a, String patch) throws Exception {
        Path target = write("target.txt", a);
        Path patchFile = write("change.patch", patch);
        String out = run("patch", "--quiet", "--force", target.toString(), patchFile.toString());
        assertEquals("", out.strip(), patch);
        return Files.readString(target, StandardCharsets.UTF_8);
    }

    private static long changedLines(String diff) {
        return diff.lines()
                .filter(l ->
                        (l.startsWith("+") && !l.startsWith("+++ ")) || (l.startsWith("-") && !l.startsWith("--- ")))
                .count();
    }

    /** GNU diff writes "--- path\ttimestamp"; the timestamp is not part of the comparison. */
    private static String normaliseHeader(String diff) {
        String[] lines = diff.split("\n", -1);
        for (int i = 0; i < Math.min(2, lines.length); i++) {
            int tab = lines[i].indexOf('\t');
            if (tab >= 0 && (lines[i].startsWith("--- ") || lines[i].startsWith("+++ "))) {
                lines[i] = lines[i].substring(0, tab);
            }
        }
        return String.join("\n", lines);
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int lines = random.nextInt(25);
        for (int i = 0; i < lines; i++) {
            text.append((char) ('a' + random.nextInt(5))).append('\n');
        }
        if (text.length() > 0 && random.nextInt(5) == 0) {
            text.setLength(text.length() - 1);
        }
        return text.toString();
    }

    private static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = lines.isEmpty() ? 0 : random.nextInt(lines.size());
            switch (random.nextInt(3)) {
                case 0 -> lines.add(at, String.valueOf((char) ('a' + random.nextInt(7))));
                case 1 -> {
                    if (!lines.isEmpty()) {
                        lines.remove(at);
                    }
                }
                default -> {
                    if (!lines.isEmpty()) {
                        lines.set(at, "changed" + i);
                    }
                }
            }
        }
        String result = String.join("\n", lines);
        return lines.isEmpty() || random.nextInt(5) == 0 ? result : result + "\n";
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
        assertTrue(process.exitValue() <= 1, String.join(" ", command) + " failed: " + out);
        return out;
    }
}
