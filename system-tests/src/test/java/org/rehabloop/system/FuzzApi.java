package org.rehabloop.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's own OpenAPI document, as it serves it at {@code /q/openapi?format=json}: its operations, with every
 * schema resolved ({@code $ref}, {@code allOf}, {@code anyOf}/{@code oneOf} with {@code null}) so a fuzzer can walk it.
 */
final class FuzzApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private final String service;
    private final JsonNode root;

    FuzzApi(String service, String json) {
        this.service = service;
        try {
            this.root = JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(service + " did not serve its OpenAPI document as JSON", e);
        }
    }

    /** One operation: where it is, its parameters, and the schema of its JSON body (null when it takes none). */
    public record Operation(String service, String method, String path, List<Parameter> parameters, JsonNode body,
            boolean bodyRequired, Set<String> consumes, Set<String> produces) {
        public String key() {
            return method + " " + path;
        }

        public List<Parameter> in(String where) {
            return parameters.stream().filter(p -> p.in().equals(where)).toList();
        }
    }

    public record Parameter(String name, String in, boolean required, JsonNode schema) {
    }

    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<Parameter> shared = parameters(path.getValue().path("parameters"));
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!METHODS.contains(method.getKey())) {
                    continue;
                }
                JsonNode op = method.getValue();
                List<Parameter> parameters = new ArrayList<>(shared);
                for (Parameter p : parameters(op.path("parameters"))) {
                    parameters.removeIf(s -> s.name().equals(p.name()) && s.in().equals(p.in()));
                    parameters.add(p);
                }
                JsonNode content = resolveRef(op.path("requestBody")).path("content");
                Set<String> consumes = new LinkedHashSet<>();
                content.fieldNames().forEachRemaining(consumes::add);
                JsonNode body = content.has("application/json") ? resolve(content.path("application/json").path("schema")) : null;
                Set<String> produces = new LinkedHashSet<>();
                op.path("responses").forEach(r -> resolveRef(r).path("content").fieldNames().forEachRemaining(produces::add));
                operations.add(new Operation(service, method.getKey().toUpperCase(), path.getKey(), parameters, body,
                        resolveRef(op.path("requestBody")).path("required").asBoolean(false), consumes, produces));
            }
        }
        return operations;
    }

    private List<Parameter> parameters(JsonNode list) {
        List<Parameter> parameters = new ArrayList<>();
        for (JsonNode p : list) {
            JsonNode param = resolveRef(p);
            parameters.add(new Parameter(param.path("name").asText(), param.path("in").asText(),
                    param.path("required").asBoolean(false), resolve(param.path("schema"))));
        }
        return parameters;
    }

    private JsonNode resolveRef(JsonNode node) {
        int depth = 0;
        while (node.has("$ref") && depth++ < 20) {
            node = lookup(node.get("$ref").asText());
        }
        return node;
    }

    private JsonNode lookup(String ref) {
        JsonNode node = root;
        for (String part : ref.replaceFirst("^#/", "").split("/")) {
            node = node.path(part.replace("~1", "/").replace("~0", "~"));
        }
        return node;
    }

    /** The schema with its references and compositions flattened; properties stay unresolved until walked. */
    public JsonNode resolve(JsonNode schema) {
        return resolve(schema, 0);
    }

    private JsonNode resolve(JsonNode schema, int depth) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (schema == null || schema.isMissingNode() || !schema.isObject() || depth > 30) {
            return out;
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            merge(out, resolve(lookup(ref), depth + 1));
            out.put("x-ref", ref.substring(ref.lastIndexOf('/') + 1));
        }
        for (JsonNode part : schema.path("allOf")) {
            merge(out, resolve(part, depth + 1));
        }
        for (String choice : List.of("anyOf", "oneOf")) {
            boolean nullable = false;
            JsonNode picked = null;
            for (JsonNode part : schema.path(choice)) {
                JsonNode resolved = resolve(part, depth + 1);
                if ("null".equals(resolved.path("type").asText())) {
                    nullable = true;
                } else if (picked == null) {
                    picked = resolved;
                }
            }
            if (picked != null) {
                merge(out, picked);
            }
            if (nullable) {
                out.put("nullable", true);
            }
        }
        schema.fields().forEachRemaining(e -> {
            if (!List.of("$ref", "allOf", "anyOf", "oneOf").contains(e.getKey())) {
                if (e.getKey().equals("required") && out.has("required")) {
                    ((ArrayNode) out.get("required")).addAll((ArrayNode) e.getValue());
                } else {
                    out.set(e.getKey(), e.getValue());
                }
            }
        });
        return out;
    }

    private static void merge(ObjectNode into, JsonNode from) {
        from.fields().forEachRemaining(e -> {
            if (e.getKey().equals("properties") && into.has("properties")) {
                ((ObjectNode) into.get("properties")).setAll((ObjectNode) e.getValue());
            } else if (e.getKey().equals("required") && into.has("required")) {
                ((ArrayNode) into.get("required")).addAll((ArrayNode) e.getValue());
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }

    /** The JSON type a schema describes: object, array, string, integer, number or boolean. */
    public static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
        } else if (type.isTextual()) {
            return type.asText();
        }
        if (schema.has("properties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return schema.has("enum") ? "string" : "any";
    }

    public static boolean nullable(JsonNode schema) {
        if (schema.path("nullable").asBoolean(false)) {
            return true;
        }
        for (JsonNode t : schema.path("type")) {
            if (t.asText().equals("null")) {
                return true;
            }
        }
        return false;
    }

    public static boolean requires(JsonNode objectSchema, String property) {
        for (JsonNode r : objectSchema.path("required")) {
            if (r.asText().equals(property)) {
                return true;
            }
        }
        return false;
    }
}
