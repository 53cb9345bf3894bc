package reflector.setup.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import reflector.setup.support.RecordingProxy.Exchange;

/**
 * An OpenAPI 3 document (a resource under contracts/) held against recorded exchanges: the path
 * and method exist, query parameter names are declared, JSON request bodies use only declared
 * properties and carry the required ones, and 200 answers use only declared properties (an
 * application/x-ndjson answer line by line). Scalars need their declared type; {@code oneOf}
 * needs one matching alternative.
 */
public final class OpenApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> document;
    /** The path prefix of the document's server URL, e.g. /v1 for Garage's admin API; empty for none. */
    private final String serverPrefix;

    private OpenApiContract(Map<String, Object> document, String serverPrefix) {
        this.document = document;
        this.serverPrefix = serverPrefix;
    }

    public static OpenApiContract load(String resource, String serverPrefix) {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return new OpenApiContract(new Yaml(new SafeConstructor(new LoaderOptions())).load(in), serverPrefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #checkRequest} of every exchange. */
    public List<String> checkRequests(List<Exchange> exchanges) {
        List<String> problems = new ArrayList<>();
        exchanges.forEach(exchange -> problems.addAll(checkRequest(exchange)));
        return problems;
    }

    /** {@link #checkAnswer} of every exchange, with the stale properties of its call ("METHOD /path"), if any. */
    public List<String> checkAnswers(List<Exchange> exchanges, Map<String, Set<String>> staleByCall) {
        List<String> problems = new ArrayList<>();
        exchanges.forEach(exchange ->
                problems.addAll(checkAnswer(exchange, staleByCall.getOrDefault(exchange.line(), Set.of()))));
        return problems;
    }

    /** What is wrong with the request: an undeclared path, method, query parameter or body property, or a missing one. */
    public List<String> checkRequest(Exchange exchange) {
        List<String> problems = new ArrayList<>();
        String where = exchange.line();
        Map<String, Object> operation = operation(exchange, problems);
        if (operation == null) {
            return problems;
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
            return problems;
        }
        if (exchange.requestBody().isEmpty()) {
            problems.add(where + ": sends no body although the operation takes one");
            return problems;
        }
        Object schema = map(map(map(map(requestBody).get("content")).get("application/json"))
                .get("schema"));
        check(schema, json(exchange.requestBody()), where + " body", true, problems);
        return problems;
    }

    /**
     * What is wrong with a 200 answer: properties the document does not declare (response schemas
     * list fields the server may leave out, so missing ones do not count). {@code stale} names
     * properties the real server sends although the document's schema does not have them.
     */
    public List<String> checkAnswer(Exchange exchange, Set<String> stale) {
        List<String> problems = new ArrayList<>();
        if (exchange.status() != 200) {
            return problems;
        }
        Map<String, Object> operation = operation(exchange, problems);
        if (operation == null) {
            return problems;
        }
        Map<String, Object> content =
                map(map(map(operation.get("responses")).get("200")).get("content"));
        if (content.isEmpty()) {
            return problems;
        }
        String where = exchange.line() + " answer";
        if (content.containsKey("application/x-ndjson")) {
            Object schema = map(content.get("application/x-ndjson")).get("schema");
            exchange.responseBody()
                    .lines()
                    .filter(line -> !line.isBlank())
                    .forEach(line ->
                            check(schema, withoutStale(json(line), stale), where + " line " + line, false, problems));
            return problems;
        }
        Object schema = map(content.get("application/json")).get("schema");
        check(schema, withoutStale(json(exchange.responseBody()), stale), where, false, problems);
        return problems;
    }

    private static JsonNode withoutStale(JsonNode body, Set<String> stale) {
        if (body instanceof ObjectNode object) {
            stale.forEach(object::remove);
        }
        return body;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private String specPath(String requestPath) {
        return requestPath.substring(serverPrefix.length());
    }

    private Map<String, Object> operation(Exchange exchange, List<String> problems) {
        if (!exchange.path().startsWith(serverPrefix + "/")) {
            problems.add(exchange.line() + ": not under the document's server URL " + serverPrefix + "/");
            return null;
        }
        Map<String, Object> pathItem = map(map(document.get("paths")).get(specPath(exchange.path())));
        Object operation = pathItem.get(exchange.method().toLowerCase(Locale.ROOT));
        if (operation == null) {
            problems.add(exchange.line() + ": no such path and method in the document");
            return null;
        }
        return map(operation);
    }

    /**
     * Checks {@code value} against {@code schema}: object properties must be declared (a name listed in
     * {@code required} counts as declared, as Garage's document requires {@code id} of NodeClusterInfo without
     * listing it), arrays are checked item by item, {@code oneOf} needs one matching alternative, scalars need the
     * declared type.
     */
    private void check(
            Object schemaOrRef, JsonNode value, String where, boolean requireRequired, List<String> problems) {
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
                } else if (!required.contains(field) && !Boolean.TRUE.equals(schema.get("additionalProperties"))) {
                    problems.add(where + "." + field + " is not declared");
                }
            }
            if (requireRequired) {
                required.stream()
                        .filter(r -> !value.has((String) r))
                        .forEach(r -> problems.add(where + " lacks required '" + r + "'"));
            }
        } else if ("string".equals(type) && !value.isTextual()
                || "integer".equals(type) && !value.isIntegralNumber()
                || "number".equals(type) && !value.isNumber()
                || "boolean".equals(type) && !value.isBoolean()) {
            problems.add(where + " should be of type " + type + " but is " + value);
        }
    }

    private Map<String, Object> resolve(Object schemaOrRef) {
        Map<String, Object> schema = map(schemaOrRef);
        Object ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String prefix = "#/components/schemas/";
        if (!((String) ref).startsWith(prefix)) {
            throw new AssertionError("unexpected $ref " + ref);
        }
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
