package reflector.setup.envfile;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An env file for the real readers: every writable value written by {@link EnvFile#set} (keys
 * {@code RT_SET_i}), and every form {@link EnvValueCodec#readsBackAs} accepts written raw (keys
 * {@code RT_FORM_i_j}), so the readers also vouch for the quoting that set() leaves alone.
 */
final class RoundTripFile {

    final String text;
    final Map<String, String> expected = new LinkedHashMap<>();

    RoundTripFile() {
        StringBuilder forms = new StringBuilder("# forms accepted as equivalent\n");
        EnvFile file = EnvFile.parse("# round trip\nRT_SET_0=placeholder # replaced in place\n\n");
        List<String> values = AwkwardValues.WRITABLE;
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            file.set("RT_SET_" + i, value);
            expected.put("RT_SET_" + i, value);
            List<String> accepted = EnvValueCodec.forms(value);
            for (int j = 0; j < accepted.size(); j++) {
                forms.append("RT_FORM_")
                        .append(i)
                        .append('_')
                        .append(j)
                        .append('=')
                        .append(accepted.get(j))
                        .append('\n');
                expected.put("RT_FORM_" + i + "_" + j, value);
            }
        }
        text = file.render() + forms;
    }

    /** A real reader of env-file text: python-dotenv or Docker Compose. */
    @FunctionalInterface
    interface Reader {
        Map<String, String> read(String text) throws Exception;
    }

    /** Every awkward value, in every form set() leaves alone, reads back unchanged. */
    static void assertEveryValueReadsBack(Reader reader) throws Exception {
        RoundTripFile file = new RoundTripFile();
        Map<String, String> actual = reader.read(file.text);
        assertAll(file.expected.entrySet().stream()
                .map(e ->
                        () -> assertEquals(e.getValue(), actual.get(e.getKey()), describe(e.getKey(), e.getValue()))));
    }

    /** Values set() writes over existing lines of a realistic file read back unchanged. */
    static void assertInPlaceUpdatesReadBack(Reader reader) throws Exception {
        EnvFile file = EnvFile.parse(EnvFileTest.REALISTIC);
        file.set("DUP", "it's \"new\"");
        file.set("REDIS_HOST", "pbkdf2:sha256:100000$abcd$ef01");
        file.set("SPACED", "a #b");
        file.set("ADDED", "x\\");
        Map<String, String> actual = reader.read(file.render());
        assertEquals("it's \"new\"", actual.get("DUP"));
        assertEquals("pbkdf2:sha256:100000$abcd$ef01", actual.get("REDIS_HOST"));
        assertEquals("a #b", actual.get("SPACED"));
        assertEquals("x\\", actual.get("ADDED"));
        assertEquals("modal", actual.get("TRANSCRIPT_BACKEND"));
    }

    /** Which value a key stands for, to make failures readable. */
    static String describe(String key, String value) {
        return key + " should read back as [" + value.replace("\t", "<TAB>") + "]";
    }
}
