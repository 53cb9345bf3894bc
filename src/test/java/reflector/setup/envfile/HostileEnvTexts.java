package reflector.setup.envfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Env-file text as users and attackers write it: the forms Docker Compose and python-dotenv
 * disagree on, and random mixes of the characters that matter to either parser.
 */
final class HostileEnvTexts {
    private HostileEnvTexts() {}

    /** Hand-picked lines, each a known point where the readers might part ways. */
    static final List<String> HANDPICKED = List.of(
            "A=1\n",
            "A=1",
            "export A=1\n",
            "export\tA=1\n",
            "export\u000BA=1\n",
            "exportA=1\n",
            "export=1\n",
            "\uFEFFA=1\n",
            "\uFEFF# c\nA=1\n",
            "A: 1\n",
            "A:1\n",
            "A :1\n",
            "A\n",
            "A",
            "  A  \n",
            "A B=1\n",
            "A\tB=1\n",
            "A.B=1\n",
            "A-B=1\n",
            "a[0]=1\n",
            "1A=1\n",
            "Ä=1\n",
            "A$=1\n",
            "'A'=1\n",
            "\"A\"=1\n",
            "=1\n",
            "A==1\n",
            "A= 1\n",
            "A =1\n",
            "A\t=\t1\t\n",
            "A=1 #c\n",
            "A=1\t#c\n",
            "A=1#c\n",
            "A= #c\n",
            "A='x' #c\n",
            "A='x'#c\n",
            "A='x' y\n",
            "A='x'y\n",
            "A=\"x\" B=2\n",
            "A='x\ny'\n",
            "A=\"x\ny\"\n",
            "A='x\r\ny'\n",
            "A=\"x\r\ny\"\n",
            "A='unterminated\nB=2\n",
            "A=\"unterminated\n",
            "A='a\\'b'\n",
            "A=\"a\\\"b\"\n",
            "A='a\\\\b'\n",
            "A=\"a\\\\b\"\n",
            "A=\"a\\nb\"\n",
            "A='a\\nb'\n",
            "A=\"a\\tb\"\n",
            "A=\"a\\$b\"\n",
            "A=\"a\\'b\"\n",
            "A=\"a\\x41\"\n",
            "A=\"a\\0101\"\n",
            "A=\"\\\\\"\n",
            "A='\\\\'\n",
            "A=\"x\\\\\" y\"\n",
            "A=$B\n",
            "A='$B'\n",
            "A=\"$B\"\n",
            "A=${B}\n",
            "A='${B}'\n",
            "A=$$\n",
            "A=a$\n",
            "A=${B:-x}\n",
            "A=\\$B\n",
            "A=x\r\n",
            "A=x\rB=y\n",
            "A=x\r",
            "A=1\r\nB=2\r\n",
            "A='x'\r\n",
            "# c\r\n",
            "A=\u00A0x\n",
            "A=x\u00A0\n",
            "A=\u2003x\n",
            "A=x \u2003#c\n",
            "A=x\u001C\n",
            "A=\u001Cx\n",
            "\u2028A=1\n",
            "A=1\u2028B=2\n",
            "A=1\u0085\n",
            "\u0085A=1\n",
            "A=\u0085x\n",
            "  # indented comment\nA=1\n",
            "A=1 # c # d\n",
            "A=\"\"\n",
            "A=''\n",
            "A=\n",
            "A=\nB=\n",
            "A=x y z\n",
            "A= x \n",
            "A=\"x\"\"y\"\n",
            "A='x''y'\n",
            "A=#x\n",
            "A= #x\n",
            "A=x #\n",
            "A=\"x\"\t# c\n",
            "A=\"x\" # c \"d\"\n",
            "A=1\nA=2\n",
            "A=1\n\n\n# c\n\nB=2",
            "\n\n\n",
            "A=é\n",
            "A=日本\n",
            "É=1\n",
            "A=🙂\n",
            "A='🙂'\n",
            "A=\"🙂\"\n",
            "A=x\u202Ey\n");

    /** Characters that mean something to one of the two parsers, and some that mean nothing. */
    private static final String[] ALPHABET = {
        "A", "B", "x", "1", "_", ".", "-", "=", "=", "=", ":", "#", " ", " ", "\t", "\n", "\n", "\r\n", "\r", "'", "'",
        "\"", "\"", "\\", "\\", "$", "{", "}", "export ", "\u00A0", "\u2003", "\u000B", "\f", "\u0085", "\u001C",
        "\uFEFF", "é", "[", "]", "!", "n", "t",
    };

    /** {@code count} random texts, the same for the same seed. */
    static List<String> fuzz(long seed, int count) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            int lines = 1 + random.nextInt(3);
            for (int line = 0; line < lines; line++) {
                // Mostly assignment-shaped, so that the parsers get past the name.
                if (random.nextInt(4) > 0) {
                    text.append(random.nextBoolean() ? "K" : "export K")
                            .append(random.nextInt(3))
                            .append('=');
                }
                int length = random.nextInt(8);
                for (int c = 0; c < length; c++) {
                    text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
                }
                text.append(random.nextInt(5) == 0 ? "" : "\n");
            }
            texts.add(text.toString());
        }
        return texts;
    }
}
