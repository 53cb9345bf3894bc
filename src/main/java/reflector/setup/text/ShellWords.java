package reflector.setup.text;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Commands printed for the user to copy: each word quoted for a POSIX shell only when it needs it. */
public final class ShellWords {
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellWords() {
    }

    public static String quote(String word) {
        if (!word.isEmpty() && SAFE_WORD.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    public static String join(List<String> words) {
        return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }
}
