package reflector.setup.garage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reflector.setup.http.HttpTransport;

class GarageProvisionerTest {
    private static final String TOKEN = "test-admin-token";
    private static final long ONE_GB = 1_000_000_000L;

    private FakeGarageAdminServer garage;
    private GarageProvisioner provisioner;

    @BeforeEach
    void start() throws Exception {
        garage = new FakeGarageAdminServer(TOKEN);
        GarageAdminClient client = new GarageAdminClient(
                garage.baseUrl(), TOKEN, new HttpTransport(Duration.ofSeconds(5)), Duration.ofSeconds(5));
        provisioner = new GarageProvisioner(client);
    }

    @AfterEach
    void stop() {
        garage.close();
    }

    private GarageProvisioner.Result ensure() throws Exception {
        return provisioner.ensure("reflector-media", "reflector", "dc1", ONE_GB);
    }

    @Test
    void freshClusterGetsRoleBucketKeyAndGrant() throws Exception {
        GarageProvisioner.Result result = ensure();

        assertEquals(
                List.of(
                        "assigned layout role (zone dc1, 1 GB)",
                        "created bucket reflector-media",
                        "created key reflector",
                        "granted key reflector read+write on bucket reflector-media"),
                result.changes());
        assertEquals(1, garage.layoutVersion());
        assertEquals("dc1", garage.roleOfThisNode().get("zone").asText());
        assertEquals(ONE_GB, garage.roleOfThisNode().get("capacity").asLong());
        assertEquals(1, garage.keysNamed("reflector"));
        assertEquals(garage.secretOf(result.accessKeyId()), result.secretAccessKey());
        assertTrue(garage.grantsReadWrite("reflector-media", result.accessKeyId()));
    }

    @Test
    void secondRunChangesNothingAndReturnsTheSameCredentials() throws Exception {
        GarageProvisioner.Result first = ensure();
        garage.clearExchanges();

        GarageProvisioner.Result second = ensure();

        assertEquals(List.of(), second.changes());
        assertEquals(first.accessKeyId(), second.accessKeyId());
        assertEquals(first.secretAccessKey(), second.secretAccessKey());
        assertEquals(1, garage.layoutVersion());
        assertEquals(1, garage.keysNamed("reflector"));
        List<String> writes = garage.exchanges().stream()
                .filter(e -> e.method().equals("POST"))
                .map(FakeGarageAdminServer.Exchange::line)
                .toList();
        assertEquals(List.of("POST /v1/bucket/allow"), writes, "only the idempotent grant is repeated");
    }

    @Test
    void existingKeyIsReusedWhenOnlyTheBucketIsMissing() throws Exception {
        garage.assignRoleDirectly("dc1", ONE_GB);
        String existingKey = garage.addKey("reflector");

        GarageProvisioner.Result result = ensure();

        assertEquals(
                List.of("created bucket reflector-media", "granted key reflector read+write on bucket reflector-media"),
                result.changes());
        assertEquals(existingKey, result.accessKeyId());
        assertEquals(garage.secretOf(existingKey), result.secretAccessKey());
        assertEquals(1, garage.keysNamed("reflector"));
        assertTrue(garage.grantsReadWrite("reflector-media", existingKey));
    }

    @Test
    void nodeThatAlreadyHasARoleIsNotReassigned() throws Exception {
        garage.assignRoleDirectly("dc2", 5 * ONE_GB);

        GarageProvisioner.Result result = ensure();

        assertFalse(result.changes().stream().anyMatch(c -> c.startsWith("assigned layout role")));
        assertTrue(garage.exchanges().stream().noneMatch(e -> e.path().startsWith("/v1/layout")));
        assertEquals(1, garage.layoutVersion());
        assertEquals("dc2", garage.roleOfThisNode().get("zone").asText());
        assertEquals(5 * ONE_GB, garage.roleOfThisNode().get("capacity").asLong());
    }

    @Test
    void twoKeysWithTheSameNameFailClearlyInsteadOfPickingOne() throws Exception {
        garage.assignRoleDirectly("dc1", ONE_GB);
        String first = garage.addKey("reflector");
        String second = garage.addKey("reflector");

        DuplicateKeyNameException e = assertThrows(DuplicateKeyNameException.class, this::ensure);

        assertTrue(e.getMessage().contains("2 access keys named 'reflector'"), e.getMessage());
        assertTrue(e.getMessage().contains("delete the extra ones"), e.getMessage());
        assertFalse(e.getMessage().contains(garage.secretOf(first)));
        assertFalse(e.getMessage().contains(garage.secretOf(second)));
        assertEquals(2, garage.keysNamed("reflector"), "no third key is created");
        assertTrue(garage.exchanges().stream().noneMatch(x -> x.line().equals("POST /v1/bucket/allow")));
    }

    @Test
    void resultNeverShowsTheSecret() throws Exception {
        GarageProvisioner.Result result = ensure();

        assertFalse(result.toString().contains(result.secretAccessKey()));
    }

    @Test
    void capacityIsShownInGaragesSiUnits() {
        assertEquals("1 GB", GarageProvisioner.siBytes(1_000_000_000L));
        assertEquals("1.5 TB", GarageProvisioner.siBytes(1_500_000_000_000L));
        assertEquals("500 MB", GarageProvisioner.siBytes(500_000_000L));
        assertEquals("999 B", GarageProvisioner.siBytes(999));
    }
}
