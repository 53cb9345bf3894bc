package reflector.setup.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * A command's result on stdout: text for people, or (--output json) exactly one JSON document.
 * It remembers whether the document was printed, so that a failure the command did not report
 * itself still gets its document (see {@code Cli}).
 */
public final class CommandOutput {
    private final PrintWriter out;
    private final boolean json;
    private boolean printed;

    public CommandOutput(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    /** Prints the document; a second one is refused, as scripts read exactly one. */
    public synchronized void document(ObjectNode document) {
        if (printed) {
            throw new IllegalStateException("the result document was printed already");
        }
        out.print(JsonDocument.render(document));
        out.flush();
        printed = true;
    }

    /** Text for people; nothing in JSON mode, where the document says it all. */
    public void text(String text) {
        if (!json) {
            out.print(text);
            out.flush();
        }
    }

    public synchronized boolean printed() {
        return printed;
    }
}
