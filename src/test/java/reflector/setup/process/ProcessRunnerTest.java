package reflector.setup.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
    static ProcessRunner sh(String script) {
        return ProcessRunner.command(List.of("sh", "-c", script));
    }

    @Test
    void linesArriveAsTheyComeAndTheTextIsKept() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessRunner.Result result =
                sh("printf 'one\\ntwo\\r\\nthree'; exit 3").onLine(lines::add).run();
        assertEquals(List.of("one", "two", "three"), lines, "a last line without a newline counts too");
        assertEquals(3, result.exitCode());
        assertTrue(result.output().startsWith("one\ntwo\r\nthree"), result.output());
        assertFalse(result.timedOut());
        assertEquals("oops\n", sh("echo oops >&2").run().output(), "stderr is merged by default");
    }

    @Test
    void onlyTheLastLinesAreKeptWhenAsked() throws Exception {
        ProcessRunner.Result result = sh("seq 1 100").keepLastLines(3).run();
        assertEquals(List.of("98", "99", "100"), result.lastLines());
        assertEquals("", result.output());
    }

    @Test
    void stderrCanBeCapturedApartOrDiscarded() throws Exception {
        ProcessRunner.Result apart = sh("echo out; echo err >&2")
                .errors(ProcessRunner.Errors.CAPTURE)
                .run();
        assertEquals("out\n", apart.output());
        assertEquals("err\n", apart.errors());
        ProcessRunner.Result discarded = sh("echo out; echo err >&2")
                .errors(ProcessRunner.Errors.DISCARD)
                .run();
        assertEquals("out\n", discarded.output());
    }

    @Test
    void aHangingChildIsStoppedAtTheTimeLimit() throws Exception {
        long start = System.nanoTime();
        ProcessRunner.Result result = sh("echo started; sleep 30")
                .timeout(Duration.ofMillis(300))
                .killGrace(Duration.ofSeconds(2))
                .run();
        assertTrue(result.timedOut());
        assertEquals(List.of("started"), result.lastLines());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
    }

    @Test
    void theEnvironmentLeavesOutWhatIsNamedAndAddsTheRest() throws Exception {
        Map<String, String> env = ProcessRunner.environment(
                Map.of("PATH", System.getenv("PATH"), "SECRET_X", "s", "KEEP", "k"),
                name -> name.startsWith("SECRET_"),
                Map.of("ADDED", "a"));
        assertEquals(Map.of("PATH", System.getenv("PATH"), "KEEP", "k", "ADDED", "a"), env);
        assertEquals(
                "k a -\n",
                sh("echo $KEEP $ADDED ${SECRET_X:--}").environment(env).run().output());
    }

    @Test
    void aListenerThatThrowsStopsTheChildAndTheCallerSeesIt() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> sh("echo a; sleep 30")
                .onLine(line -> {
                    throw new IllegalStateException("listener " + line);
                })
                .killGrace(Duration.ZERO)
                .run());
        assertEquals("listener a", thrown.getMessage());
    }

    @Test
    void aMissingProgramCannotStart() {
        assertThrows(IOException.class, () -> ProcessRunner.command(List.of("/nonexistent/program"))
                .run());
    }

    @Test
    void bytesGoInAndComeOutAsTheyAreAndOnlyTheEndOfStderrIsKept() throws Exception {
        byte[] input = new byte[200_000];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) (i * 31);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProcessRunner.Result result = sh("cat; i=0; while [ $i -lt 300 ]; do echo \"line $i\" >&2; i=$((i+1)); done")
                .input(new ByteArrayInputStream(input))
                .output(out)
                .errors(ProcessRunner.Errors.CAPTURE)
                .keepLastErrorChars(20)
                .run();
        assertEquals(0, result.exitCode());
        Assertions.assertArrayEquals(input, out.toByteArray());
        assertEquals("", result.output(), "streamed output is not kept");
        assertEquals(20, result.errors().length());
        assertTrue(result.errors().endsWith("line 299\n"), result.errors());
    }

    @Test
    void aStreamThatCannotBeWrittenStopsTheChild() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        ProcessRunner.OutputFailure failure = assertThrows(
                ProcessRunner.OutputFailure.class,
                () -> sh("yes").output(broken).timeout(Duration.ofSeconds(20)).run());
        assertEquals("No space left on device", failure.getMessage());
    }
}
