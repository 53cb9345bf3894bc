package reflector.setup.garage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reflector.setup.http.HttpTransport;

class GarageAdminClientTest {
    private static final String TOKEN = "test-admin-token";

    private FakeGarageAdminServer garage;
    private GarageAdminClient client;

    @BeforeEach
    void start() throws Exception {
        garage = new FakeGarageAdminServer(TOKEN);
        client = clientWithToken(garage.baseUrl(), TOKEN);
    }

    @AfterEach
    void stop() {
        garage.close();
    }

    private static GarageAdminClient clientWithToken(URI baseUrl, String token) {
        return new GarageAdminClient(baseUrl, token, new HttpTransport(Duration.ofSeconds(5)), Duration.ofSeconds(5));
    }

    @Test
    void nothingListeningMeansNotReachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = socket.getLocalPort();
        }
        GarageAdminClient nowhere = clientWithToken(URI.create("http://127.0.0.1:" + closedPort), TOKEN);

        assertFalse(nowhere.adminApiAnswers());
    }

    @Test
    void adminApiAnswersOnlyWithTheRightToken() throws Exception {
        assertTrue(client.adminApiAnswers());
        assertFalse(clientWithToken(garage.baseUrl(), "wrong-token").adminApiAnswers());
    }

    @Test
    void wrongTokenGivesGaragesAccessDeniedWithoutLeakingTheToken() {
        GarageAdminClient wrong = clientWithToken(garage.baseUrl(), "wrong-token-value");

        GarageApiException e = assertThrows(GarageApiException.class, wrong::status);

        assertEquals(403, e.status());
        assertEquals("AccessDenied", e.code());
        assertEquals("Forbidden: Invalid authorization token", e.garageMessage());
        assertFalse(e.getMessage().contains("wrong-token-value"));
        assertFalse(wrong.toString().contains("wrong-token-value"));
    }

    @Test
    void tokenWithATrailingNewlineIsTrimmedAsGarageDoes() throws Exception {
        assertTrue(clientWithToken(garage.baseUrl(), TOKEN + "\n").adminApiAnswers());
    }

    @Test
    void tokenAHeaderCannotCarryIsRefusedWithoutEchoingIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> clientWithToken(garage.baseUrl(), "secret\nvalue"));

        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void adminApiWithoutConfiguredTokenIsRefused() throws Exception {
        try (FakeGarageAdminServer noToken = new FakeGarageAdminServer(null)) {
            GarageApiException e =
                    assertThrows(GarageApiException.class, clientWithToken(noToken.baseUrl(), TOKEN)::status);
            assertEquals(403, e.status());
            assertTrue(e.garageMessage().contains("Admin token isn't configured"));
        }
    }

    @Test
    void statusShowsThisNodeWithoutARoleOnAFreshCluster() throws Exception {
        ClusterStatus status = client.status();

        assertEquals(garage.nodeId(), status.nodeId());
        assertEquals(0, status.layoutVersion());
        assertEquals(1, status.nodes().size());
        assertNull(status.nodes().get(0).role());
        assertFalse(status.thisNodeHasRole());
    }

    @Test
    void stagingShowsInTheLayoutAndApplyNeedsTheNextVersion() throws Exception {
        ClusterLayout staged = client.stageRole(garage.nodeId(), "dc1", 2_000_000_000L);
        assertEquals(0, staged.version());
        assertEquals(1, staged.stagedRoleChanges().size());
        assertEquals(2_000_000_000L, staged.stagedRoleChanges().get(0).role().capacityBytes());

        GarageApiException wrongVersion = assertThrows(GarageApiException.class, () -> client.applyLayout(5));
        assertEquals(500, wrongVersion.status());
        assertEquals("Internal error: Invalid new layout version", wrongVersion.garageMessage());

        client.applyLayout(1);
        ClusterStatus applied = client.status();
        assertEquals(1, applied.layoutVersion());
        assertTrue(applied.thisNodeHasRole());
        assertEquals("dc1", garage.roleOfThisNode().path("zone").asText());
    }

    @Test
    void bucketLookupCreateAndConflict() throws Exception {
        assertEquals(Optional.empty(), client.findBucket("reflector-media"));

        BucketInfo created = client.createBucket("reflector-media");
        assertEquals(64, created.id().length());
        assertEquals(
                created.id(), client.findBucket("reflector-media").orElseThrow().id());

        GarageApiException conflict =
                assertThrows(GarageApiException.class, () -> client.createBucket("reflector-media"));
        assertEquals(409, conflict.status());
        assertEquals("BucketAlreadyExists", conflict.code());
    }

    @Test
    void allowNeedsTheBucketIdNotItsAlias() throws Exception {
        BucketInfo bucket = client.createBucket("reflector-media");
        KeyInfo key = client.createKey("reflector");

        GarageApiException byAlias = assertThrows(
                GarageApiException.class, () -> client.allow("reflector-media", key.accessKeyId(), true, true));
        assertEquals(400, byAlias.status());
        GarageApiException unknownId = assertThrows(
                GarageApiException.class, () -> client.allow("0".repeat(64), key.accessKeyId(), true, true));
        assertEquals(404, unknownId.status());
        assertEquals("NoSuchBucket", unknownId.code());

        client.allow(bucket.id(), key.accessKeyId(), true, true);
        assertTrue(client.findBucket("reflector-media").orElseThrow().grantsReadWrite(key.accessKeyId()));
    }

    @Test
    void keySearchFindsNoneOneOrRefusesSeveral() throws Exception {
        assertEquals(Optional.empty(), client.findKey("reflector"));

        KeyInfo created = client.createKey("reflector");
        KeyInfo found = client.findKey("reflector").orElseThrow();
        assertEquals(created.accessKeyId(), found.accessKeyId());
        assertEquals(created.secretAccessKey(), found.secretAccessKey());

        client.createKey("reflector");
        assertThrows(DuplicateKeyNameException.class, () -> client.findKey("reflector"));
    }

    @Test
    void keyInfoNeverShowsTheSecret() throws Exception {
        KeyInfo key = client.createKey("reflector");

        assertFalse(key.toString().contains(key.secretAccessKey()));
        assertTrue(key.toString().contains(key.accessKeyId()));
    }
}
