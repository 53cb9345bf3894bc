package reflector.setup.garage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reflector.setup.http.HttpTransport;
import reflector.setup.support.OpenApiContract;
import reflector.setup.support.PythonStandIn;
import reflector.setup.support.RecordingProxy;

/**
 * Holds the client, the Java fake ({@link FakeGarageAdminServer}) and testenv's Python stand-in
 * (garage/garage.py, the one the end-to-end tests deploy) to one contract: Garage's admin API v1
 * OpenAPI document (contracts/garage-admin-v1.yml, whose paths are relative to its server URL
 * {@code /v1/}). The installer's provisioning runs twice against each server, through a proxy that
 * records every exchange: every request must fit the document, and so must every 200 answer, so
 * neither stand-in can drift from it.
 */
class GarageAdminContractTest {
    private static final String TOKEN = "contract-token";
    private static final OpenApiContract CONTRACT = OpenApiContract.load("/contracts/garage-admin-v1.yml", "/v1");

    /**
     * Response properties the document does not declare although Garage v1.1.0 sends them. The document's
     * GET /status schema is stale ({@code knownNodes}, {@code layout}); Garage 1.1.0 sends {@code layoutVersion}
     * and {@code nodes} instead (as Garage's src/api/admin/cluster.rs writes them). Its bucket info also
     * counts unfinished multipart uploads (GetBucketInfoResult in src/api/admin/bucket.rs), which the
     * document's BucketInfo lacks.
     */
    private static final Set<String> BUCKET_INFO_SINCE_THE_DOCUMENT =
            Set.of("unfinishedMultipartUploads", "unfinishedMultipartUploadParts", "unfinishedMultipartUploadBytes");

    private static final Map<String, Set<String>> STALE_RESPONSE_PROPERTIES = Map.of(
            "GET /v1/status", Set.of("layoutVersion", "nodes"),
            "GET /v1/bucket", BUCKET_INFO_SINCE_THE_DOCUMENT,
            "POST /v1/bucket", BUCKET_INFO_SINCE_THE_DOCUMENT,
            "POST /v1/bucket/allow", BUCKET_INFO_SINCE_THE_DOCUMENT);

    enum Server {
        JAVA_FAKE,
        PYTHON_STAND_IN
    }

    private static final Map<Server, List<RecordingProxy.Exchange>> EXCHANGES = new EnumMap<>(Server.class);

    @TempDir
    static Path dir;

    @BeforeAll
    static void exerciseEveryClientCallOnBothServers() throws Exception {
        try (FakeGarageAdminServer garage = new FakeGarageAdminServer(TOKEN)) {
            EXCHANGES.put(Server.JAVA_FAKE, provisionTwice(garage.baseUrl()));
        }
        if (PythonStandIn.pythonAvailable()) {
            int admin = PythonStandIn.freePort();
            try (PythonStandIn garage = PythonStandIn.command(
                    List.of(
                            PythonStandIn.TESTENV.resolve("garage/garage.py").toString(),
                            "-c",
                            config(admin).toString(),
                            "server"),
                    admin)) {
                EXCHANGES.put(Server.PYTHON_STAND_IN, provisionTwice(URI.create("http://127.0.0.1:" + admin)));
            }
        }
    }

    @AfterAll
    static void forget() {
        EXCHANGES.clear();
    }

    private static List<RecordingProxy.Exchange> provisionTwice(URI server) throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(server)) {
            GarageAdminClient client = new GarageAdminClient(
                    proxy.baseUrl(), TOKEN, new HttpTransport(Duration.ofSeconds(5)), Duration.ofSeconds(10));
            client.adminApiAnswers();
            GarageProvisioner provisioner = new GarageProvisioner(client);
            provisioner.ensure("reflector-media", "reflector", "dc1", 1_000_000_000L);
            provisioner.ensure("reflector-media", "reflector", "dc1", 1_000_000_000L);
            return proxy.exchanges();
        }
    }

    private static Path config(int admin) throws Exception {
        return Files.writeString(
                dir.resolve("garage.toml"),
                String.join(
                        "\n",
                        "metadata_dir = \"" + dir.resolve("meta") + "\"",
                        "data_dir = \"" + dir.resolve("data") + "\"",
                        "db_engine = \"sqlite\"",
                        "replication_factor = 1",
                        "rpc_bind_addr = \"127.0.0.1:" + PythonStandIn.freePort() + "\"",
                        "rpc_secret = \"" + "ab".repeat(32) + "\"",
                        "",
                        "[s3_api]",
                        "s3_region = \"garage\"",
                        "api_bind_addr = \"127.0.0.1:" + PythonStandIn.freePort() + "\"",
                        "",
                        "[admin]",
                        "api_bind_addr = \"127.0.0.1:" + admin + "\"",
                        "admin_token = \"" + TOKEN + "\"",
                        ""));
    }

    private static List<RecordingProxy.Exchange> exchanges(Server server) {
        assumeTrue(EXCHANGES.containsKey(server), "python3 (3.11+) and testenv/ are needed for the stand-in");
        return EXCHANGES.get(server);
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void everyClientCallWasExercised(Server server) {
        Set<String> sent = new TreeSet<>();
        exchanges(server).forEach(e -> sent.add(e.line()));
        assertEquals(
                new TreeSet<>(Set.of(
                        "GET /v1/status",
                        "POST /v1/layout",
                        "POST /v1/layout/apply",
                        "GET /v1/bucket",
                        "POST /v1/bucket",
                        "GET /v1/key",
                        "POST /v1/key",
                        "POST /v1/bucket/allow")),
                sent);
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void requestsMatchTheDocument(Server server) {
        List<String> problems = CONTRACT.checkRequests(exchanges(server));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void answersMatchTheDocument(Server server) {
        List<String> problems = CONTRACT.checkAnswers(exchanges(server), STALE_RESPONSE_PROPERTIES);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The stand-in against the fake (each against itself would prove nothing). */
    @Test
    void bothServersAnswerTheSameCallsTheSameWay() {
        List<String> standIn = exchanges(Server.PYTHON_STAND_IN).stream()
                .map(e -> e.line() + " " + e.status())
                .toList();
        List<String> javaFake = exchanges(Server.JAVA_FAKE).stream()
                .map(e -> e.line() + " " + e.status())
                .toList();
        assertEquals(javaFake, standIn, "the same provisioning, the same requests and status codes");
    }
}
