package org.rehabloop.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.PatternSyntaxException;

/**
 * The requests of a fuzz run, built from an operation's schema: a valid base request first (from realistic values
 * where a field's name is known, from the schema otherwise), then one change at a time. Each case says which field it
 * broke, so the answer can be held to naming it, and whether the change certainly breaks the documented contract
 * ({@link Expect#INVALID}: a 4xx is the only right answer) or may still be acceptable ({@link Expect#MAYBE}: a null
 * for an optional field, a lenient coercion; anything but a 5xx, and a 400 must still name the field).
 */
final class FuzzCases {
    static final int BODY_LIMIT = 256 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String RAW = "@@raw@@";
    static final String UNKNOWN = "fuzzUnknownField";

    enum Expect { INVALID, MAYBE }

    /** One request: its path with query, its body and content type (null: none), and the fields it may be named by. */
    record Case(String field, String what, Expect expect, String pathAndQuery, String contentType, byte[] body,
            Set<String> fields) {
    }

    /** Realistic values by field name ("Schema.field" first, then "field"); a value of the wrong JSON type is ignored. */
    private final Map<String, JsonNode> known;
    private final FuzzApi api;

    FuzzCases(FuzzApi api, Map<String, JsonNode> known) {
        this.api = api;
        this.known = known;
    }

    // ---------------------------------------------------------------- base values

    /** A valid value for {@code schema}, named {@code name} in its parent. */
    JsonNode base(String name, JsonNode schema, String parent) {
        JsonNode value = known.get(parent + "." + name);
        if (value == null && schema.has("x-ref")) {
            value = known.get(schema.get("x-ref").asText());
        }
        if (value == null) {
            value = known.get(name);
        }
        String type = FuzzApi.type(schema);
        if (value != null && fits(value, type)) {
            return value.deepCopy();
        }
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                String title = schema.path("x-ref").asText(name);
                boolean all = !schema.has("required");
                schema.path("properties").fields().forEachRemaining(e -> {
                    JsonNode property = api.resolve(e.getValue());
                    boolean wanted = all || FuzzApi.requires(schema, e.getKey()) || known.containsKey(title + "." + e.getKey())
                            || known.containsKey(e.getKey());
                    if (wanted) {
                        object.set(e.getKey(), base(e.getKey(), property, title));
                    }
                });
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(base(name, api.resolve(schema.path("items")), parent + "[]"));
                yield array;
            }
            case "integer" -> NODES.numberNode(schema.has("minimum") ? schema.get("minimum").asLong()
                    : schema.has("maximum") ? Math.min(1, schema.get("maximum").asLong()) : 1);
            case "number" -> NODES.numberNode(schema.has("minimum") ? schema.get("minimum").decimalValue() : BigDecimal.ONE);
            case "boolean" -> NODES.booleanNode(true);
            default -> {
                if (schema.has("enum")) {
                    yield schema.get("enum").get(0);
                }
                yield TextNode.valueOf(switch (schema.path("format").asText()) {
                    case "uuid" -> UUID.randomUUID().toString();
                    case "date" -> LocalDate.now().toString();
                    case "date-time" -> Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
                    default -> "fuzz";
                });
            }
        };
    }

    private static boolean fits(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "string" -> value.isTextual();
            default -> true;
        };
    }

    // ---------------------------------------------------------------- body cases

    /** A change to the body: the body with the change, as JSON text, the field changed and how. */
    record BodyChange(String field, String what, Expect expect, String json) {
    }

    List<BodyChange> bodyChanges(JsonNode schema, JsonNode base) {
        List<BodyChange> out = new ArrayList<>();
        walk(schema, base, "", v -> v, true, "body", out);
        return out;
    }

    private void walk(JsonNode schema, JsonNode value, String path, Function<JsonNode, JsonNode> embed, boolean required,
            String title, List<BodyChange> out) {
        String field = path.isEmpty() ? "body" : path;
        BiFunction<JsonNode, String, String> body = (replacement, raw) -> render(embed.apply(replacement), raw);
        String type = FuzzApi.type(schema);
        if (!path.isEmpty()) {
            Expect nullExpect = required && !FuzzApi.nullable(schema) ? Expect.INVALID : Expect.MAYBE;
            out.add(new BodyChange(field, "null", nullExpect, body.apply(NODES.nullNode(), null)));
            for (Object[] c : scalarCases(schema, type, nullExpect)) {
                String raw = c[1] instanceof String s && c[0] == null ? s : null;
                JsonNode replacement = raw != null ? TextNode.valueOf(RAW) : (JsonNode) c[1];
                out.add(new BodyChange(field, (String) c[2], (Expect) c[3], body.apply(replacement, raw)));
            }
            // deep nesting where a value is expected
            out.add(new BodyChange(field, "5000 nested arrays", Expect.INVALID,
                    body.apply(TextNode.valueOf(RAW), "[".repeat(5000) + "]".repeat(5000))));
        }
        if (type.equals("object") && value.isObject()) {
            String name = schema.path("x-ref").asText(title);
            Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
            while (properties.hasNext()) {
                Map.Entry<String, JsonNode> property = properties.next();
                String p = property.getKey();
                JsonNode propertySchema = api.resolve(property.getValue());
                boolean propertyRequired = FuzzApi.requires(schema, p);
                String childPath = path.isEmpty() ? p : path + "." + p;
                if (value.has(p)) {
                    ObjectNode without = ((ObjectNode) value).deepCopy();
                    without.remove(p);
                    out.add(new BodyChange(childPath, "missing", propertyRequired ? Expect.INVALID : Expect.MAYBE,
                            render(embed.apply(without), null)));
                }
                JsonNode child = value.has(p) ? value.get(p) : base(p, propertySchema, name);
                walk(propertySchema, child, childPath, v -> {
                    ObjectNode copy = ((ObjectNode) value).deepCopy();
                    copy.set(p, v);
                    return embed.apply(copy);
                }, propertyRequired, name, out);
            }
            ObjectNode unknown = ((ObjectNode) value).deepCopy();
            unknown.put(UNKNOWN, "x");
            out.add(new BodyChange(path.isEmpty() ? UNKNOWN : path + "." + UNKNOWN, "unknown field", Expect.INVALID,
                    render(embed.apply(unknown), null)));
        }
        if (type.equals("array") && value.isArray()) {
            JsonNode items = api.resolve(schema.path("items"));
            JsonNode first = value.size() > 0 ? value.get(0) : base(title, items, title + "[]");
            ArrayNode nullItem = NODES.arrayNode().add(NODES.nullNode());
            out.add(new BodyChange(path + "[0]", "null item", Expect.MAYBE, render(embed.apply(nullItem), null)));
            if (schema.path("minItems").asInt(0) > 0) {
                out.add(new BodyChange(field, "empty array", Expect.INVALID, render(embed.apply(NODES.arrayNode()), null)));
            }
            if (schema.has("maxItems") && schema.get("maxItems").asInt() <= 100) {
                ArrayNode tooMany = NODES.arrayNode();
                for (int i = 0; i <= schema.get("maxItems").asInt(); i++) {
                    tooMany.add(first.deepCopy());
                }
                out.add(new BodyChange(field, "maxItems+1 items", Expect.INVALID, render(embed.apply(tooMany), null)));
            }
            walk(items, first, path + "[0]", v -> {
                ArrayNode copy = value.size() > 0 ? ((ArrayNode) value).deepCopy() : NODES.arrayNode().add(v);
                copy.set(0, v);
                return embed.apply(copy);
            }, true, title, out);
        }
    }

    /** {json node or null, raw JSON text or node, what, expect} for a value at a place of {@code type}. */
    private static List<Object[]> scalarCases(JsonNode schema, String type, Expect nullExpect) {
        List<Object[]> cases = new ArrayList<>();
        // wrong shapes: always refused
        if (!type.equals("object")) {
            cases.add(new Object[] {NODES.objectNode(), NODES.objectNode().put("a", 1), "an object", Expect.INVALID});
        }
        if (!type.equals("array")) {
            cases.add(new Object[] {NODES.arrayNode(), NODES.arrayNode().add(1), "an array", Expect.INVALID});
        }
        // strings, each judged against the schema's own constraints
        for (String[] s : new String[][] {{"", "empty string"}, {" ", "blank string"}, {"NaN", "NaN"},
                {"Infinity", "Infinity"}, {"-Infinity", "-Infinity"}, {"not-a-uuid", "bad UUID"},
                {"2026-13-45", "bad date"}, {"2026-02-30T25:61:00Z", "bad date-time"}, {"yesterday", "words for a date"},
                {"a".repeat(100_000), "100k chars"}, {"' OR 1=1 --", "SQL"}, {"true", "string true"}}) {
            // Jackson reads an empty or blank text as null where the value is not plain text (a number, an enum, a
            // UUID, a date): it is then judged as a null
            boolean asNull = s[0].isBlank() && (!type.equals("string") || schema.has("enum") || schema.has("format"));
            cases.add(new Object[] {TextNode.valueOf(s[0]), TextNode.valueOf(s[0]), s[1],
                    asNull ? nullExpect : stringExpect(schema, type, s[0])});
        }
        cases.add(new Object[] {null, "\"a\\u0000b\"", "NUL", Expect.INVALID});
        cases.add(new Object[] {null, "\"\\ud800\"", "unpaired high surrogate", Expect.INVALID});
        cases.add(new Object[] {null, "\"x\\udc00y\"", "unpaired low surrogate", Expect.INVALID});
        // numbers, judged against the type and range
        for (String n : new String[] {"1e308", "-1e308", "9223372036854775808", "-9223372036854775809", "-1", "0",
                "2147483648", "-2147483649", "1.5", "1e-308"}) {
            cases.add(new Object[] {null, n, "number " + n, numberExpect(schema, type, new BigDecimal(n))});
        }
        if (schema.has("maximum")) {
            BigDecimal above = schema.get("maximum").decimalValue().add(BigDecimal.ONE);
            cases.add(new Object[] {null, above.toPlainString(), "maximum+1", numberExpect(schema, type, above)});
        }
        if (schema.has("minimum")) {
            BigDecimal below = schema.get("minimum").decimalValue().subtract(BigDecimal.ONE);
            cases.add(new Object[] {null, below.toPlainString(), "minimum-1", numberExpect(schema, type, below)});
        }
        cases.add(new Object[] {null, "true", "boolean", type.equals("boolean") ? Expect.MAYBE
                : type.equals("string") && stringExpect(schema, type, "true") == Expect.MAYBE ? Expect.MAYBE : Expect.INVALID});
        return cases;
    }

    /** Whether a JSON string is refused at a place of {@code type}: always where it is not text (but strings of
     * digits and true/false, which Jackson coerces), and where a string breaks the schema's format, enum, length or
     * pattern. */
    private static Expect stringExpect(JsonNode schema, String type, String s) {
        switch (type) {
            case "object", "array" -> {
                return Expect.INVALID;
            }
            case "integer", "number" -> {
                try {
                    return numberExpect(schema, type, new BigDecimal(s.trim()));
                } catch (NumberFormatException e) {
                    return Expect.INVALID;
                }
            }
            case "boolean" -> {
                return s.equals("true") || s.equals("false") ? Expect.MAYBE : Expect.INVALID;
            }
            default -> {
            }
        }
        if (schema.has("enum")) {
            for (JsonNode e : schema.get("enum")) {
                if (e.asText().equals(s)) {
                    return Expect.MAYBE;
                }
            }
            return Expect.INVALID;
        }
        if (schema.has("maxLength") && s.length() > schema.get("maxLength").asInt()) {
            return Expect.INVALID;
        }
        if (schema.has("minLength") && s.length() < schema.get("minLength").asInt()) {
            return Expect.INVALID;
        }
        if (schema.has("pattern")) {
            try {
                // JSON Schema's pattern matches anywhere in the text (Bean Validation's whole text is stricter: a
                // 400 for it is still right, and checked to name the field)
                if (!java.util.regex.Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
                    return Expect.INVALID;
                }
            } catch (PatternSyntaxException ignored) {
                // a pattern Java cannot read: judge by the rest
            }
        }
        try {
            switch (schema.path("format").asText()) {
                case "uuid" -> UUID.fromString(s);
                case "date" -> LocalDate.parse(s);
                case "date-time" -> Instant.parse(s);
                default -> {
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Expect.INVALID;
        }
        return Expect.MAYBE;
    }

    private static Expect numberExpect(JsonNode schema, String type, BigDecimal n) {
        switch (type) {
            case "integer" -> {
                if (n.stripTrailingZeros().scale() > 0) {
                    return n.abs().compareTo(BigDecimal.ONE) < 0 && !inRange(schema, BigDecimal.ZERO) ? Expect.INVALID
                            : Expect.MAYBE; // Jackson reads 1.5 as 1 for an int
                }
                BigInteger i = n.toBigIntegerExact();
                boolean int64 = "int64".equals(schema.path("format").asText());
                long bits = int64 ? 63 : 31;
                if (i.bitLength() > bits) {
                    return Expect.INVALID;
                }
                return inRange(schema, n) ? Expect.MAYBE : Expect.INVALID;
            }
            case "number" -> {
                return inRange(schema, n) ? Expect.MAYBE : Expect.INVALID;
            }
            case "string" -> {
                // Jackson reads a number as its text where text is expected, and an integer as the enum constant
                // at that index: lenient, not wrong
                // Jackson reads a number as a time stamp where a date is expected: seconds (with a fraction) for a
                // date-time, whole days for a date; valid while the time can hold it
                if (schema.path("format").asText().equals("date-time")) {
                    return n.abs().compareTo(BigDecimal.valueOf(Instant.MAX.getEpochSecond())) <= 0 ? Expect.MAYBE : Expect.INVALID;
                }
                if (schema.path("format").asText().equals("date")) {
                    return n.stripTrailingZeros().scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(LocalDate.MAX.toEpochDay())) <= 0
                            ? Expect.MAYBE : Expect.INVALID;
                }
                if (schema.has("enum")) {
                    return n.stripTrailingZeros().scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
                            ? Expect.MAYBE : Expect.INVALID;
                }
                return stringExpect(schema, type, n.toString().equals("1E+308") ? "1.0E308" : n.toString());
            }
            case "boolean" -> {
                return n.stripTrailingZeros().scale() <= 0 ? Expect.MAYBE : Expect.INVALID;
            }
            default -> {
                return Expect.INVALID;
            }
        }
    }

    private static boolean inRange(JsonNode schema, BigDecimal n) {
        if (schema.has("minimum") && n.compareTo(schema.get("minimum").decimalValue()) < 0) {
            return false;
        }
        if (schema.has("exclusiveMinimum") && schema.get("exclusiveMinimum").isNumber()
                && n.compareTo(schema.get("exclusiveMinimum").decimalValue()) <= 0) {
            return false;
        }
        if (schema.has("maximum") && n.compareTo(schema.get("maximum").decimalValue()) > 0) {
            return false;
        }
        return !(schema.has("exclusiveMaximum") && schema.get("exclusiveMaximum").isNumber()
                && n.compareTo(schema.get("exclusiveMaximum").decimalValue()) >= 0);
    }

    static String render(JsonNode node, String raw) {
        try {
            String json = FuzzApi.JSON.writeValueAsString(node);
            return raw == null ? json : json.replace("\"" + RAW + "\"", raw);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- parameter values

    /** Values for a path or query parameter of {@code schema}: {encoded text, what, expect}. */
    static List<String[]> parameterValues(JsonNode schema, boolean path) {
        String type = FuzzApi.type(schema);
        List<String[]> values = new ArrayList<>();
        String[][] texts = {{"not-a-uuid", "bad UUID"}, {"00000000-0000-0000-0000-00000000000g", "almost a UUID"},
                {"2026-13-45", "bad date"}, {"yesterday", "words"}, {"NaN", "NaN"}, {"Infinity", "Infinity"},
                {"-1", "-1"}, {"0", "0"}, {"1e308", "1e308"}, {"9223372036854775808", "2^63"}, {"2147483648", "2^31"},
                {"1.5", "1.5"}, {"\u0000", "NUL"}, {"\ud83d", "unpaired surrogate"}, {"x".repeat(3000), "3000 chars"},
                {"' OR 1=1 --", "SQL"}, {"true", "true"}, {"BOGUS", "not an enum value"}};
        for (String[] t : texts) {
            values.add(new String[] {encode(t[0]), t[1], stringExpect(schema, type, t[0]).name()});
        }
        if (path) {
            values.add(new String[] {"%00", "raw %00", Expect.INVALID.name()});
            values.add(new String[] {"..%2F", "..%2F", Expect.INVALID.name()});
            values.add(new String[] {"..%2F..%2Fq%2Fhealth", "..%2F traversal", Expect.INVALID.name()});
            values.add(new String[] {"%2e%2e", "%2e%2e", Expect.INVALID.name()});
            // a well-formed id of nothing: 404 where it names a thing, but valid where it is only a key (a partner's)
            values.add(new String[] {"00000000-0000-0000-0000-000000000000", "nobody's id", Expect.MAYBE.name()});
        } else {
            values.add(new String[] {"", "empty", Expect.MAYBE.name()});
            values.add(new String[] {"%ED%A0%80", "encoded lone surrogate", stringExpect(schema, type, "\ufffd").name()});
        }
        return values;
    }

    /**
     * A field and the fields it sits in: where the parser's depth limit stops a value that is read as untyped JSON (a
     * sync item), the answer can only name the item ({@code sessions[0]}), not the field inside it.
     */
    static Set<String> selfAndAncestors(String field) {
        Set<String> fields = new java.util.LinkedHashSet<>();
        fields.add(field);
        for (int i = field.length() - 1; i > 0; i--) {
            if (field.charAt(i) == '.' || field.charAt(i) == '[') {
                fields.add(field.substring(0, i));
            }
        }
        return fields;
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A base value for a parameter without a known one. */
    JsonNode parameterBase(String name, JsonNode schema) {
        return base(name, schema, "param");
    }

    static Map<String, JsonNode> map(Object... pairs) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], FuzzApi.JSON.valueToTree(pairs[i + 1]));
        }
        return map;
    }
}
