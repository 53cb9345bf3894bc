package reflector.setup.envfile;

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
                forms.append("RT_FORM_").append(i).append('_').append(j).append('=').append(accepted.get(j)).append('\n');
                expected.put("RT_FORM_" + i + "_" + j, value);
            }
        }
        text = file.render() + forms;
    }

    /** Which value a key stands for, to make failures readable. */
    static String describe(String key, String value) {
        return key + " should read back as [" + value.replace("\t", "<TAB>") + "]";
    }
}
