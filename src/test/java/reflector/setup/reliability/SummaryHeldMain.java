package reflector.setup.reliability;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import reflector.setup.Main;

/**
 * The installer's own {@link Main}, with a standard output that never takes a byte: the run does
 * all its work, then waits at its first line of output, the summary, as behind a terminal paused
 * with Ctrl-S. A kill case aimed at a run that is faster than the kill still finds it alive there,
 * and says so on stderr first ({@link #HELD}).
 */
public final class SummaryHeldMain {
    /** The line on stderr when the run's work is done and its summary waits. */
    static final String HELD = "(reliability test) the run is done; its summary waits to be killed";

    private SummaryHeldMain() {}

    public static void main(String[] args) {
        System.setOut(new PrintStream(
                new OutputStream() {
                    private boolean said;

                    @Override
                    public void write(int b) {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public synchronized void write(byte[] bytes, int offset, int length) {
                        if (!said) {
                            said = true;
                            System.err.println(HELD);
                            System.err.flush();
                        }
                        CountDownLatch never = new CountDownLatch(1);
                        while (true) {
                            try {
                                never.await();
                            } catch (InterruptedException ignored) {
                                // wait on: only a signal ends this run
                            }
                        }
                    }
                },
                true));
        Main.main(args);
    }
}
