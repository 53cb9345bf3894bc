package reflector.setup.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Unified diffs of small text files (configuration files of up to a few thousand lines), in the
 * format of {@code diff -u --label OLD --label NEW}: no timestamps in the header lines.
 *
 * <p>Lines are split on {@code '\n'} only; a {@code '\r'} stays part of its line, as in GNU diff. A
 * last line without a newline differs from the same line with one and is followed by
 * {@code \ No newline at end of file}.
 *
 * <p>The edit script is a longest common subsequence of lines after trimming the common start and
 * end, so time and memory grow with the product of the lengths of the differing middle parts: fine
 * for configuration files, not for large generated files. Output is always minimal; where several
 * minimal alignments exist it may pick a different one than GNU diff.
 */
public final class UnifiedDiff {

    public static final int DEFAULT_CONTEXT = 3;
    public static final String NO_FILE = "/dev/null";
    private static final String NO_NEWLINE = "\\ No newline at end of file\n";

    private enum Op {
        EQUAL,
        DELETE,
        INSERT
    }

    private record Line(String text, boolean newline) {}

    /** One step of the edit script; {@code oldIndex}/{@code newIndex} are 0-based positions before the step. */
    private record Edit(Op op, int oldIndex, int newIndex) {}

    private UnifiedDiff() {}

    public static String diff(String oldLabel, String newLabel, String oldText, String newText) {
        return diff(oldLabel, newLabel, oldText, newText, DEFAULT_CONTEXT);
    }

    /**
     * The unified diff from {@code oldText} to {@code newText}, or {@code ""} when they are equal. A
     * {@code null} text stands for a missing file: it is diffed as empty and labelled
     * {@value #NO_FILE}.
     */
    public static String diff(String oldLabel, String newLabel, String oldText, String newText, int context) {
        if (context < 0) {
            throw new IllegalArgumentException("context must not be negative: " + context);
        }
        if (oldText == null) {
            oldLabel = NO_FILE;
        }
        if (newText == null) {
            newLabel = NO_FILE;
        }
        List<Line> a = lines(oldText == null ? "" : oldText);
        List<Line> b = lines(newText == null ? "" : newText);
        if (a.equals(b)) {
            return "";
        }
        List<Edit> edits = editScript(a, b);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldLabel).append('\n');
        out.append("+++ ").append(newLabel).append('\n');
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).op() == Op.EQUAL) {
                i++;
                continue;
            }
            // i is the first change of a hunk; extend the hunk while the next change is close enough
            // that the context after one change would touch the context before the next.
            int lastChange = i;
            int j = i + 1;
            while (j < edits.size()) {
                if (edits.get(j).op() != Op.EQUAL) {
                    lastChange = j;
                } else if (j - lastChange > 2 * context) {
                    break;
                }
                j++;
            }
            int start = Math.max(0, i - context);
            int end = Math.min(edits.size(), lastChange + 1 + context);
            appendHunk(out, edits.subList(start, end), a, b);
            i = end;
        }
        return out.toString();
    }

    private static List<Line> lines(String text) {
        List<Line> result = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            if (nl < 0) {
                result.add(new Line(text.substring(from), false));
                break;
            }
            result.add(new Line(text.substring(from, nl), true));
            from = nl + 1;
        }
        return result;
    }

    /** A shortest edit script via the longest common subsequence, after trimming the common ends. */
    private static List<Edit> editScript(List<Line> a, List<Line> b) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix
                && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        int n = a.size() - prefix - suffix;
        int m = b.size() - prefix - suffix;
        // lcs[i][j]: length of the LCS of the middle parts a[i..] and b[j..].
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(prefix + i).equals(b.get(prefix + j))
                        ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>(a.size() + b.size());
        for (int k = 0; k < prefix; k++) {
            edits.add(new Edit(Op.EQUAL, k, k));
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(prefix + i).equals(b.get(prefix + j))) {
                edits.add(new Edit(Op.EQUAL, prefix + i++, prefix + j++));
            } else if (j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
                edits.add(new Edit(Op.DELETE, prefix + i++, prefix + j));
            } else {
                edits.add(new Edit(Op.INSERT, prefix + i, prefix + j++));
            }
        }
        for (int k = 0; k < suffix; k++) {
            edits.add(new Edit(Op.EQUAL, prefix + n + k, prefix + m + k));
        }
        return edits;
    }

    private static void appendHunk(StringBuilder out, List<Edit> hunk, List<Line> a, List<Line> b) {
        int oldCount = 0;
        int newCount = 0;
        for (Edit e : hunk) {
            oldCount += e.op() == Op.INSERT ? 0 : 1;
            newCount += e.op() == Op.DELETE ? 0 : 1;
        }
        Edit first = hunk.get(0);
        out.append("@@ -")
                .append(range(first.oldIndex(), oldCount))
                .append(" +")
                .append(range(first.newIndex(), newCount))
                .append(" @@\n");
        int k = 0;
        while (k < hunk.size()) {
            Edit e = hunk.get(k);
            if (e.op() == Op.EQUAL) {
                appendLine(out, ' ', a.get(e.oldIndex()));
                k++;
                continue;
            }
            // Within a run of changes, all removed lines come before all added ones, as in GNU diff.
            int runEnd = k;
            while (runEnd < hunk.size() && hunk.get(runEnd).op() != Op.EQUAL) {
                runEnd++;
            }
            for (Edit d : hunk.subList(k, runEnd)) {
                if (d.op() == Op.DELETE) {
                    appendLine(out, '-', a.get(d.oldIndex()));
                }
            }
            for (Edit ins : hunk.subList(k, runEnd)) {
                if (ins.op() == Op.INSERT) {
                    appendLine(out, '+', b.get(ins.newIndex()));
                }
            }
            k = runEnd;
        }
    }

    /** "start,count" with the 1-based start, or the line before the hunk when it is empty; ",1" is left out. */
    private static String range(int index, int count) {
        int start = count == 0 ? index : index + 1;
        return count == 1 ? String.valueOf(start) : start + "," + count;
    }

    private static void appendLine(StringBuilder out, char prefix, Line line) {
        out.append(prefix).append(line.text()).append('\n');
        if (!line.newline()) {
            out.append(NO_NEWLINE);
        }
    }
}
