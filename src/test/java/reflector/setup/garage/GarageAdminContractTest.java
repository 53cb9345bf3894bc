package reflector.setup.garage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks every request the client sends against Garage's admin API v1 OpenAPI document
 * (contracts/garage-admin-v1.yml, whose paths are relative to its server URL {@code /v1/}): the path and method
 * exist, query parameter names are declared, and JSON bodies use only declared properties and carry the required
 * ones. The fake's own 200 answers are checked the same way, so the fake cannot drift from the document either.
 */
class GarageAdminContractTest {
    private static final String TOKEN = "contract-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Response properties the document does not declare although Garage v1.1.0 sends them. The document's
     * GET /status schema is stale ({@code knownNodes}, {@code layout}); Garage 1.1.0 sends {@code layoutVersion}
     * and {@code nodes} instead (garage-and-ollama.md section 3, read from src/api/admin/cluster.rs).
     */
    private static final Map<String, Set<String>> STALE_RESPONSE_PROPERTIES = Map.of(
            "GET /status", Set.of("layoutVersion", "nodes"));

    private static FakeGarageAdminServer garage;
    private static Map<String, Object> document;

    @BeforeAll
    static void exerciseEveryClientCall() throws Exception {
        try (InputStream in = GarageAdminContractTest.class.getResourceAsStream("/contracts/garage-admin-v1.yml")) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        garage = new FakeGarageAdminServer(TOKEN);
        GarageAdminClient client = new GarageAdminClient(garage.baseUrl(), TOKEN,
                HttpClient.newHttpClient(), Duration.ofSeconds(5));
        client.adminApiAnswers();
        GarageProvisioner provisioner = new GarageProvisioner(client);
        provisioner.ensure("reflector-media", "reflector", "dc1", 1_000_000_000L);
        provisioner.ensure("reflector-media", "reflector", "dc1", 1_000_000_000L);
    }

    @AfterAll
    static void stop() {
        garage.close();
    }

    @Test
    void everyClientCallWasExercised() {
        Set<String> sent = new TreeSet<>();
        garage.exchanges().forEach(e -> sent.add(e.line()));
        assertEquals(new TreeSet<>(Set.of("GET /v1/status", "POST /v1/layout",
                "POST /v1/layout/apply", "GET /v1/bucket", "POST /v1/bucket", "GET /v1/key", "POST /v1/key",
                "POST /v1/bucket/allow")), sent);
    }

    @Test
    void requestsMatchTheDocument() throws Exception {
        List<String> problems = new ArrayList<>();
        for (FakeGarageAdminServer.Exchange exchange : garage.exchanges()) {
            String where = exchange.line();
            Map<String, Object> operation = operation(exchange, problems);
            if (operation == null) {
                continue;
            }
            Set<String> declaredQuery = new HashSet<>();
            for (Object parameter : list(operation.get("parameters"))) {
                Map<String, Object> p = map(parameter);
                if ("query".equals(p.get("in"))) {
                    declaredQuery.add((String) p.get("name"));
                }
            }
            for (String name : exchange.query().keySet()) {
                if (!declaredQuery.contains(name)) {
                    problems.add(where + ": query parameter '" + name + "' is not declared");
                }
            }
            Object requestBody = operation.get("requestBody");
            if (requestBody == null) {
                if (!exchange.requestBody().isEmpty()) {
                    problems.add(where + ": sends a body the operation does not take");
                }
                continue;
            }
            if (exchange.requestBody().isEmpty()) {
                problems.add(where + ": sends no body although the operation takes one");
                continue;
            }
            Object schema = map(map(map(map(requestBody).get("content")).get("application/json")).get("schema"));
            check(schema, JSON.readTree(exchange.requestBody()), where + " body", true, problems);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void fakeAnswersMatchTheDocument() throws Exception {
        List<String> problems = new ArrayList<>();
        for (FakeGarageAdminServer.Exchange exchange : garage.exchanges()) {
            if (exchange.status() != 200) {
                continue;
            }
            Map<String, Object> operation = operation(exchange, problems);
            if (operation == null) {
                continue;
            }
            Object ok = map(operation.get("responses")).get("200");
            Map<String, Object> content = map(map(ok).get("content"));
            if (content.isEmpty()) {
                continue;
            }
            String key = exchange.method() + " " + specPath(exchange.path());
            JsonNode body = JSON.readTree(exchange.responseBody());
            if (body instanceof ObjectNode object) {
                STALE_RESPONSE_PROPERTIES.getOrDefault(key, Set.of()).forEach(object::remove);
            }
            // Response schemas list fields Garage may leave out, so only undeclared fields count here.
            check(map(content.get("application/json")).get("schema"), body, key + " response", false, problems);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    // ---- walking the document ----

    private static String specPath(String requestPath) {
        return requestPath.startsWith("/v1/") ? requestPath.substring(3) : requestPath;
    }

    private static Map<String, Object> operation(FakeGarageAdminServer.Exchange exchange, List<String> problems) {
        if (!exchange.path().startsWith("/v1/")) {
            problems.add(exchange.line() + ": not under the document's server URL /v1/");
            return null;
        }
        Map<String, Object> pathItem = map(map(document.get("paths")).get(specPath(exchange.path())));
        Object operation = pathItem.get(exchange.method().toLowerCase());
        if (operation == null) {
            problems.add(exchange.line() + ": no such path and method in the document");
            return null;
        }
        return map(operation);
    }

    /**
     * Checks {@code value} against {@code schema}: object properties must be declared (a name listed in
     * {@code required} counts as declared, as the document's NodeClusterInfo requires {@code id} without listing
     * it), arrays are checked item by item, {@code oneOf} needs one matching alternative, scalars need the
     * declared type.
     */
    private static void check(Object schemaOrRef, JsonNode value, String where, boolean requireRequired,
                              List<String> problems) {
        Map<String, Object> schema = resolve(schemaOrRef);
        if (value.isNull()) {
            if (!Boolean.TRUE.equals(schema.get("nullable"))) {
                problems.add(where + " is null but not nullable");
            }
            return;
        }
        if (schema.containsKey("oneOf")) {
            for (Object alternative : list(schema.get("oneOf"))) {
                List<String> attempt = new ArrayList<>();
                check(alternative, value, where, requireRequired, attempt);
                if (attempt.isEmpty()) {
                    return;
                }
            }
            problems.add(where + " matches none of the oneOf alternatives");
            return;
        }
        String type = (String) schema.get("type");
        if ("array".equals(type)) {
            if (!value.isArray()) {
                problems.add(where + " should be an array");
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), where + "[" + i + "]", requireRequired, problems);
            }
        } else if ("object".equals(type) || schema.containsKey("properties")) {
            if (!value.isObject()) {
                problems.add(where + " should be an object");
                return;
            }
            Map<String, Object> properties = map(schema.get("properties"));
            List<Object> required = list(schema.get("required"));
            for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (properties.containsKey(field)) {
                    check(properties.get(field), value.get(field), where + "." + field, requireRequired, problems);
                } else if (!required.contains(field)) {
                    problems.add(where + "." + field + " is not declared");
                }
            }
            if (requireRequired) {
                required.stream().filter(r -> !value.has((String) r))
                        .forEach(r -> problems.add(where + " lacks required '" + r + "'"));
            }
        } else if ("string".equals(type) && !value.isTextual()
                || "integer".equals(type) && !value.isIntegralNumber()
                || "boolean".equals(type) && !value.isBoolean()) {
            problems.add(where + " should be of type " + type + " but is " + value);
        }
    }

    private static Map<String, Object> resolve(Object schemaOrRef) {
        Map<String, Object> schema = map(schemaOrRef);
        Object ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String prefix = "#/components/schemas/";
        assertTrue(((String) ref).startsWith(prefix), "unexpected $ref " + ref);
        Map<String, Object> schemas = map(map(document.get("components")).get("schemas"));
        return resolve(schemas.get(((String) ref).substring(prefix.length())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        return yaml == null ? Map.of() : (Map<String, Object>) yaml;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object yaml) {
        return yaml == null ? List.of() : (List<Object>) yaml;
    }
}
