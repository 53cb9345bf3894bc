package reflector.setup.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link in the README and the other Markdown files of the repository (docs/, testenv/)
 * leads somewhere: its file or directory exists, and its #anchor is a heading of that file, named as
 * GitHub names heading anchors (lower case; punctuation other than '-' and '_' dropped; each space a
 * '-'; a repeated heading gets -1, -2, ...). Links to other sites are not followed.
 */
class DocLinksTest {
    static final Path ROOT = Path.of(".");
    static final Set<String> NOT_DOCS = Set.of(".git", "target", ".tools", "node_modules");
    static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:|^//");

    @Test
    void everyRelativeLinkResolves() throws Exception {
        List<Path> documents = markdownFiles(ROOT);
        assertTrue(documents.contains(ROOT.resolve("README.md")), documents.toString());
        assertTrue(
                documents.stream().anyMatch(file -> file.startsWith(ROOT.resolve("docs"))),
                "no docs/*.md: " + documents);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path document : documents) {
            for (String target : links(Files.readString(document))) {
                checked++;
                problem(document, target).ifPresent(broken::add);
            }
        }
        assertTrue(checked > 50, "only " + checked + " links found: is the parser still reading them?");
        assertEquals(List.of(), broken, "links that lead nowhere");
    }

    @Test
    void brokenLinksAndAnchorsAreFound(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(
                tmp.resolve("README.md"),
                """
                # Title
                ## Set-up: two commands
                ## The wrapper script: `setup-selfhosted.sh`
                ## Day two
                ## Day two
                [ok](#set-up-two-commands) [ok](#the-wrapper-script-setup-selfhostedsh) [ok](#day-two-1)
                [ok](docs/a.md#a-heading) [ok](docs/) [ok](https://example.com/nowhere.md#x)
                [no file](docs/missing.md) [no anchor](#day-three) [no anchor there](docs/a.md#nothing)
                [only two](#day-two-2) ![no image](img/x.png)
                `[in code](nowhere.md)`
                ```
                [in a fence](nowhere.md)
                ```
                [ref]: docs/gone.md
                """);
        Files.writeString(tmp.resolve("docs/a.md"), "# A heading\n[back](../README.md#title)\n");
        List<String> broken = new ArrayList<>();
        for (Path document : markdownFiles(tmp)) {
            for (String target : links(Files.readString(document))) {
                problem(document, target).ifPresent(broken::add);
            }
        }
        assertEquals(
                List.of(
                        tmp.resolve("README.md") + ": docs/missing.md: no such file",
                        tmp.resolve("README.md") + ": #day-three: no such heading in README.md",
                        tmp.resolve("README.md") + ": docs/a.md#nothing: no such heading in a.md",
                        tmp.resolve("README.md") + ": #day-two-2: no such heading in README.md",
                        tmp.resolve("README.md") + ": img/x.png: no such file",
                        tmp.resolve("README.md") + ": docs/gone.md: no such file"),
                broken);
    }

    @Test
    void anchorsAreNamedAsGitHubNamesThem() {
        assertEquals(
                List.of(
                        "set-up-two-commands",
                        "the-wrapper-script-setup-selfhostedsh",
                        "exit-codes",
                        "day-two",
                        "day-two-1",
                        "what-a-restore-guarantees",
                        "json-output-and--stuff",
                        "für-ümlaute",
                        "a_b-c"),
                List.copyOf(
                        anchors(
                                """
                        ## Set-up: two commands
                        ### The wrapper script: `setup-selfhosted.sh`
                        ## Exit codes ##
                        ## Day two
                        ## Day two
                        ## What a restore *guarantees*
                        ## [JSON output](x.md) and / stuff
                        # Für Ümlaute
                        # A_b-c
                        ```
                        # not a heading
                        ```
                        """)));
    }

    /** Why a link leads nowhere, or empty. */
    static Optional<String> problem(Path document, String target) {
        String path = target;
        String anchor = null;
        int hash = target.indexOf('#');
        if (hash >= 0) {
            path = target.substring(0, hash);
            anchor = target.substring(hash + 1);
        }
        Path file = path.isEmpty()
                ? document
                : document.toAbsolutePath().getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
            return Optional.of(document + ": " + target + ": no such file");
        }
        if (anchor == null || anchor.isEmpty()) {
            return Optional.empty();
        }
        if (!file.getFileName().toString().endsWith(".md")) {
            return Optional.of(document + ": " + target + ": an anchor in a file that is not Markdown");
        }
        try {
            if (!anchors(Files.readString(file)).contains(anchor)) {
                return Optional.of(document + ": " + target + ": no such heading in " + file.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.empty();
    }

    /** The relative link targets of a Markdown text, outside code blocks and code spans. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        for (String line : prose(markdown)) {
            Matcher reference = REFERENCE.matcher(line);
            if (reference.matches()) {
                addRelative(targets, reference.group(1));
                continue;
            }
            Matcher m = INLINE_LINK.matcher(CODE_SPAN.matcher(line).replaceAll("code"));
            while (m.find()) {
                addRelative(targets, m.group(2));
            }
        }
        return targets;
    }

    private static void addRelative(List<String> targets, String target) {
        if (!target.isEmpty() && !SCHEME.matcher(target).find()) {
            targets.add(target);
        }
    }

    /** The anchors GitHub gives a Markdown text's headings, and its explicit {@code <a name>} anchors. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(markdown)) {
            Matcher explicit = HTML_ANCHOR.matcher(line);
            while (explicit.find()) {
                anchors.add(explicit.group(1));
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /** GitHub's anchor for a heading's text: its rendered text, lower case, punctuation dropped, spaces to '-'. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    /** The lines of a Markdown text that are not inside a fenced code block. */
    private static List<String> prose(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.lines().toList()) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
            } else if (!fenced) {
                lines.add(line);
            }
        }
        return lines;
    }

    static List<Path> markdownFiles(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> path.getFileName().toString().endsWith(".md"))
                    .filter(path -> root.relativize(path).toString().isEmpty()
                            || !NOT_DOCS.contains(
                                    root.relativize(path).getName(0).toString()))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }
}
