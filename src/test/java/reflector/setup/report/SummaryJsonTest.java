package reflector.setup.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reflector.setup.config.AcmeSettings;
import reflector.setup.config.PublicDataRetention;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.steps.RunReport;
import reflector.setup.support.SettingsBuilder;

/**
 * The install document's fields that steps report (docs/json-output.md): typed in the run report,
 * written as the document always had them: strings, booleans, numbers and nulls in their places.
 */
class SummaryJsonTest {
    final Settings settings = SettingsBuilder.cpu(Path.of("/tmp/reflector"))
            .domain("reflector.example.com")
            .acme(new AcmeSettings(Optional.empty(), Optional.empty(), Optional.empty()))
            .build();

    /** Compact, in the document's field order, to compare fragments. */
    static String json(Settings settings, RunReport report) {
        try {
            return new ObjectMapper()
                    .readTree(new Summary(settings, report).json(ExitCode.OK, null, null))
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyReportedFieldIsWrittenInItsPlace() {
        RunReport report = new RunReport();
        report.authBackend("none");
        report.llmEndpoint("https://llm.example.com:443");
        report.storageLocation("garage (bucket reflector-media)");
        report.storageMove("from A to B: copied 3 objects");
        report.caddyfileYours();
        report.certificate(new RunReport.Certificate(
                "issued by Example CA, expires soon",
                "Example CA",
                Instant.parse("2027-02-28T10:00:00Z"),
                "1f2e",
                false));
        report.publicRetention(new PublicDataRetention(30, true));
        String json = json(settings, report);
        for (String fragment : new String[] {
            "\"llm\":{\"ollama\":null,\"model\":null,\"endpoint\":\"https://llm.example.com:443\"}",
            "\"storage\":\"external\",\"storageMove\":\"from A to B: copied 3 objects\",\"caddy\":true,\"caddyfile\":\"yours\","
                    + "\"publishedOnLocalhostOnly\":false,\"domain\":\"reflector.example.com\",",
            "\"certificate\":{\"issuer\":\"Example CA\",\"notAfter\":\"2027-02-28T10:00:00Z\",\"serial\":\"1f2e\",\"trusted\":false},"
                    + "\"publicIp\":\"192.0.2.10\",\"auth\":\"none\",\"publicDataRetention\":{\"days\":30,\"set\":true,\"deletes\":"
        }) {
            assertTrue(json.contains(fragment), fragment + "\nin " + json);
        }
    }

    @Test
    void whatNoStepReportedIsNullOrLeftOut() {
        String json = json(settings, new RunReport());
        for (String fragment : new String[] {
            "\"llm\":{\"ollama\":null,\"model\":null,\"endpoint\":null}",
            "\"storage\":\"external\",\"caddy\":true,\"caddyfile\":null,\"publishedOnLocalhostOnly\":false,",
            "\"domain\":\"reflector.example.com\",\"acme\":{\"ca\":null,\"email\":null,\"caRoot\":null},\"publicIp\":\"192.0.2.10\","
                    + "\"auth\":null,\"publicDataRetention\":null,"
        }) {
            assertTrue(json.contains(fragment), fragment + "\nin " + json);
        }
    }
}
