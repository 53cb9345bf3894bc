package reflector.setup.envfile;

import java.util.List;

/** Values shared by the round-trip tests, against our reader and the real ones. */
final class AwkwardValues {

    private AwkwardValues() {}

    /** Values that {@link EnvValueCodec#encode} must accept and every reader must read back. */
    static final List<String> WRITABLE = List.of(
            "",
            "plain",
            "postgresql+asyncpg://reflector:s3cret@postgres:5432/reflector",
            "$",
            "$$",
            "a$b",
            "$HOME",
            "$$HOME",
            "${X",
            "$X}",
            "{X}",
            "pbkdf2:sha256:100000$abcd$ef01",
            "#",
            " #",
            "a #b",
            "a#b",
            "#a",
            "'",
            "it's",
            "''",
            "\"",
            "say \"hi\"",
            "\"\"",
            "both ' and \"",
            " ",
            "   ",
            "  leading",
            "trailing  ",
            "a b c",
            "a\tb",
            "&",
            "a&b|c;d<e>f",
            "|",
            "`cmd`",
            "(x)*?[y]!~^",
            "\\",
            "a\\b",
            "\\\\",
            "a\\\\b",
            "trailing\\",
            "C:\\path\\to\\",
            "\\'",
            "\\\"",
            "a\\\"b",
            "\\n\\t\\r\\0\\x41\\u0041",
            "\"\\\\\"",
            "it's a \\\\ path",
            "'\\\\'",
            "=",
            "a=b=c",
            "==x",
            "key: value",
            "export X=1",
            "héllo wörld",
            "日本語 ☃ 😀",
            "nbsp\u00a0inside",
            "\u00a0edge\u00a0",
            "x\u0085y\u2028z",
            "ctl\u0001\u000b\u000c\u001b\u007fend",
            "a b\\",
            "ends with \"\\",
            "  # not a comment",
            "p@ss w0rd!#$%^&*()_+-=[]{}|;:,.<>?/~");

    /** Values no single .env text holds for both readers. */
    static final List<String> UNWRITABLE = List.of(
            "${X}",
            "a${X}b",
            "${X:-default}",
            "${}",
            "' $ '",
            "it's $5",
            "$\\\\",
            "a b\\\\$",
            "'\\",
            "$ \\",
            "a b$ \\");

    /** Values refused for their characters, whatever the quoting. */
    static final List<String> NEVER = List.of("a\nb", "\n", "a\rb", "a\r\n", "a\0b");
}
