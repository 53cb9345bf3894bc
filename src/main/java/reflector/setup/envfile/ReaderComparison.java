package reflector.setup.envfile;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads env-file text with both models and keeps it only if they agree: the same names, at the
 * same places, with the same values. The first line where they do not, or that one of them
 * cannot read, is refused with a reason a person can act on.
 */
final class ReaderComparison {
    private static final Pattern YAML_STYLE =
            Pattern.compile("[ \\t]*(?:export[ \\t]+)?[A-Za-z0-9_.\\[\\]-]+[ \\t]*:.*");
    private static final Pattern BARE_NAME =
            Pattern.compile("[ \\t]*(?:export[ \\t]+)?[A-Za-z0-9_.\\[\\]-]+[ \\t]*\\r?");

    private ReaderComparison() {}

    static List<ComposeDotenv.Statement> agreedStatements(String text, LineNumbers lines) {
        List<ComposeDotenv.Statement> compose;
        try {
            compose = ComposeDotenv.read(text);
        } catch (ComposeDotenv.SyntaxError e) {
            int line = lines.of(e.offset);
            throw new EnvFileException(
                    line,
                    "Docker Compose cannot read this line (" + e.getMessage() + ")" + hint(lineText(text, e.offset)));
        }
        List<PythonDotenv.Binding> python = PythonDotenv.read(text);
        for (PythonDotenv.Binding binding : python) {
            if (binding.error()) {
                throw new EnvFileException(
                        lines.of(binding.offset()),
                        "python-dotenv cannot read this line" + hint(lineText(text, binding.offset())));
            }
        }
        List<PythonDotenv.Binding> assignments =
                python.stream().filter(b -> b.key() != null).toList();
        for (int i = 0; i < Math.max(compose.size(), assignments.size()); i++) {
            ComposeDotenv.Statement c = i < compose.size() ? compose.get(i) : null;
            PythonDotenv.Binding p = i < assignments.size() ? assignments.get(i) : null;
            if (c != null
                    && p != null
                    && c.key().equals(p.key())
                    && c.keyStart() == p.offset()
                    && Objects.equals(c.value(), p.value())) {
                if (c.value() == null) {
                    throw new EnvFileException(lines.of(c.keyStart()), BARE_NAME_REASON);
                }
                continue;
            }
            int offset = c == null ? p.offset() : p == null ? c.keyStart() : Math.min(c.keyStart(), p.offset());
            throw new EnvFileException(
                    lines.of(offset),
                    "Docker Compose and python-dotenv read this line differently" + hint(lineText(text, offset)));
        }
        return compose;
    }

    private static final String BARE_NAME_REASON = "a name without '=': Docker Compose takes its value from its own "
            + "environment, python-dotenv reads no value; write NAME=value, or remove the line";

    /** What to do about the usual culprits; never quotes the line, which may hold a secret. */
    private static String hint(String line) {
        if (YAML_STYLE.matcher(line).matches() && !line.contains("=")) {
            return "; 'NAME: value' is read by Docker Compose only: write NAME=value";
        }
        if (BARE_NAME.matcher(line).matches()) {
            return "; " + BARE_NAME_REASON;
        }
        if (line.contains("'") || line.contains("\"")) {
            return "; check the quotes: a closing quote must end the value (a comment may follow), and a "
                    + "backslash inside quotes is read differently; single quotes without backslashes are safe";
        }
        if (line.contains("\t#") || line.contains("\\")) {
            return "; a tab before '#' or a backslash is read differently; quote the value in single quotes";
        }
        return "; write NAME=value, with a name of letters, digits and '_'";
    }

    private static String lineText(String text, int offset) {
        int start = offset == 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
        int end = text.indexOf('\n', offset);
        return text.substring(start, end < 0 ? text.length() : end);
    }
}
