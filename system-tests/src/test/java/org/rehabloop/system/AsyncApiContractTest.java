package org.rehabloop.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rehabloop.contracts.EventTypes;
import org.rehabloop.contracts.Topics;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/asyncapi.yaml is the contract of what the services write to Kafka. This test holds the running system to it:
 * it runs the loop (a programme, a painful session, a pain check-in, the alert, the deload and the alert's update) so
 * that every event type is written, then reads the four topics from the beginning and checks every record against
 * the document: its {@code ce_type} is a message of the topic's channel, its headers satisfy the message's headers
 * schema ({@code ce_subject} is the key), its key the message's Kafka key schema (a UUID), and its JSON value the
 * payload schema. The schemas are checked by the small validator below, which knows the keywords the document uses
 * and refuses any other, so a constraint added to the document is never ignored silently.
 */
class AsyncApiContractTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path DOCUMENT = Path.of("..", "docs", "asyncapi.yaml").toAbsolutePath().normalize();

    private static JsonNode document;

    @BeforeAll
    static void readDocument() throws IOException {
        document = new YAMLMapper().readTree(DOCUMENT.toFile());
        assertThat(document.path("asyncapi").asText()).as("asyncapi version of %s", DOCUMENT).isEqualTo("3.0.0");
    }

    @Test
    void everyTopicAndEveryV1EventTypeIsInTheDocument() {
        for (String topic : Topics.ALL) {
            assertThat(channel(topic)).as("a channel with address %s", topic).isNotNull();
            assertThat(channel(Topics.deadLetter(topic))).as("a channel with address %s", Topics.deadLetter(topic)).isNotNull();
        }
        Map<String, String> documented = new LinkedHashMap<>(); // ce_type -> topic
        for (String topic : Topics.ALL) {
            messages(topic).forEach((type, message) -> {
                documented.put(type, topic);
                assertThat(message.path("name").asText()).as("name of the message with ce_type %s", type).isEqualTo(type);
            });
        }
        for (String type : v1EventTypes()) {
            assertThat(documented).as("EventTypes' %s has a message in %s", type, DOCUMENT).containsKey(type);
        }
    }

    @Test
    void theDocumentsExamplesMatchTheirSchemas() {
        List<String> errors = new ArrayList<>();
        document.path("components").path("messages").properties().forEach(entry -> {
            JsonNode message = entry.getValue();
            int i = 0;
            for (JsonNode example : message.path("examples")) {
                String where = "components.messages." + entry.getKey() + ".examples[" + i++ + "]";
                if (example.has("headers")) {
                    validate(message.get("headers"), example.get("headers"), where + ".headers", errors);
                }
                if (example.has("payload")) {
                    validate(message.get("payload"), example.get("payload"), where + ".payload", errors);
                }
            }
        });
        if (!errors.isEmpty()) {
            fail("examples of " + DOCUMENT + " that do not match their schemas:\n" + String.join("\n", errors));
        }
    }

    @Test
    void everyRecordOnTheTopicsMatchesTheDocument() {
        RunningSystem system = RunningSystem.get();
        String kafka = system.infrastructure.bootstrapServers();
        Map<String, TopicReader> readers = new LinkedHashMap<>();
        Topics.ALL.forEach(topic -> readers.put(topic, new TopicReader(kafka, topic)));
        try {
            UUID clinician = UUID.randomUUID();
            UUID patient = UUID.randomUUID();
            runTheLoop(system, clinician, patient, readers);

            List<String> errors = new ArrayList<>();
            Set<String> typesSeen = new TreeSet<>();
            int records = 0;
            for (Map.Entry<String, TopicReader> entry : readers.entrySet()) {
                String topic = entry.getKey();
                Map<String, JsonNode> messages = messages(topic);
                for (TopicReader.Event event : entry.getValue().all(e -> true, Duration.ofSeconds(2))) {
                    records++;
                    typesSeen.add(event.type());
                    check(topic, messages, event, errors);
                }
            }
            if (!errors.isEmpty()) {
                fail(errors.size() + " violations of " + DOCUMENT + " among " + records + " records:\n"
                        + String.join("\n", errors.subList(0, Math.min(errors.size(), 100))));
            }
            assertThat(typesSeen).as("event types on the topics after the loop").containsAll(v1EventTypes());
        } finally {
            readers.values().forEach(TopicReader::close);
        }
    }

    /** One record against the message of its ce_type in the topic's channel. */
    private void check(String topic, Map<String, JsonNode> messages, TopicReader.Event event, List<String> errors) {
        String type = event.type();
        String where = (type == null ? "record without ce_type" : type) + " on " + topic + " (key " + event.key()
                + ", ce_id " + event.headers().get("ce_id") + ")";
        JsonNode message = type == null ? null : messages.get(type);
        if (message == null) {
            errors.add(where + ": ce_type " + type + " is not a message of channel " + topic + " (documented: "
                    + messages.keySet() + ")");
            return;
        }
        List<String> found = new ArrayList<>();
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        event.headers().forEach((name, value) -> headers.put(name, value));
        validate(message.get("headers"), headers, "headers", found);
        if (event.key() == null || !event.key().equals(event.headers().get("ce_subject"))) {
            found.add("headers.ce_subject: " + event.headers().get("ce_subject") + " is not the key " + event.key());
        }
        JsonNode keySchema = message.path("bindings").path("kafka").path("key");
        if (keySchema.isMissingNode()) {
            found.add("message " + type + " has no bindings.kafka.key schema");
        } else if (event.key() == null) {
            found.add("key: missing");
        } else {
            validate(keySchema, TextNode.valueOf(event.key()), "key", found);
        }
        if (event.key() != null && !UUID_PATTERN.matcher(event.key()).matches()) {
            found.add("key: '" + event.key() + "' is not a UUID");
        }
        validate(message.get("payload"), event.data(), "$", found);
        found.forEach(error -> errors.add(where + ": " + error));
    }

    /** Issues a programme, logs a painful session and a pain check-in, and waits for every type they cause. */
    private static void runTheLoop(RunningSystem system, UUID clinician, UUID patient, Map<String, TopicReader> readers) {
        String programId = as(system, "clinician", clinician, "plan-service")
                .body(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain",
                        "startDate", LocalDate.now().toString()))
                .post("/v1/programs").then().statusCode(201).extract().path("id");
        awaitType(readers, Topics.PLAN_EVENTS, patient, EventTypes.PLAN_ISSUED);

        Map<String, Object> session = Map.of(
                "id", UUID.randomUUID(),
                "programId", programId,
                "programVersion", 1,
                "performedAt", Instant.now().minus(1, ChronoUnit.HOURS).toString(),
                "durationMinutes", 30,
                "sessionRpe", 6,
                "painBefore", 2,
                "exercises", List.of(Map.of("exerciseCode", "clamshell", "form", "CLEAN", "painDuring", 7,
                        "sets", List.of(Map.of("count", 15), Map.of("count", 15)))));
        await().atMost(WAIT).until(() -> as(system, "patient", patient, "logging-service").body(session)
                .post("/v1/patients/" + patient + "/sessions").statusCode() == 201);
        Map<String, Object> checkIn = Map.of("id", UUID.randomUUID(),
                "at", Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString(),
                "pain", 3, "kind", "DAILY");
        await().atMost(WAIT).until(() -> as(system, "patient", patient, "logging-service").body(checkIn)
                .post("/v1/patients/" + patient + "/pain-checkins").statusCode() == 201);

        awaitType(readers, Topics.WORKOUT_EVENTS, patient, EventTypes.WORKOUT_LOGGED);
        awaitType(readers, Topics.WORKOUT_EVENTS, patient, EventTypes.PAIN_REPORTED);
        awaitType(readers, Topics.ASSESSMENT_ALERTS, patient, EventTypes.ALERT_RAISED);
        awaitType(readers, Topics.PLAN_ADJUSTMENTS, patient, EventTypes.ADJUSTMENT_REQUESTED);
        awaitType(readers, Topics.PLAN_EVENTS, patient, EventTypes.PLAN_ADJUSTED);
        // the adjustment's outcome written onto the alert
        awaitType(readers, Topics.ASSESSMENT_ALERTS, patient, EventTypes.ALERT_UPDATED);
    }

    private static void awaitType(Map<String, TopicReader> readers, String topic, UUID patient, String type) {
        readers.get(topic).await(e -> patient.toString().equals(e.key()) && type.equals(e.type()), WAIT);
    }

    private static RequestSpecification as(RunningSystem system, String role, UUID subject, String service) {
        return given().baseUri(system.url(service)).auth().oauth2(system.tokens.mint(role, subject))
                .contentType(ContentType.JSON);
    }

    private static List<String> v1EventTypes() {
        List<String> types = new ArrayList<>();
        for (Field field : EventTypes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String value;
                try {
                    value = (String) field.get(null);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
                if (value.endsWith(".v1")) {
                    types.add(value);
                }
            }
        }
        assertThat(types).as("the .v1 types of EventTypes").isNotEmpty();
        return types;
    }

    // ---- the document ----

    /** The channel whose address is {@code topic}, or null. */
    private static JsonNode channel(String topic) {
        for (JsonNode channel : document.path("channels")) {
            if (topic.equals(channel.path("address").asText(null))) {
                return channel;
            }
        }
        return null;
    }

    /** The messages of the topic's channel by the {@code ce_type} their headers schema fixes. */
    private static Map<String, JsonNode> messages(String topic) {
        JsonNode channel = channel(topic);
        assertThat(channel).as("a channel with address %s in %s", topic, DOCUMENT).isNotNull();
        Map<String, JsonNode> messages = new LinkedHashMap<>();
        channel.path("messages").properties().forEach(entry -> {
            JsonNode message = resolve(entry.getValue());
            JsonNode type = constOf(message.path("headers"), "ce_type");
            assertThat(type).as("const ce_type in the headers of message %s of channel %s", entry.getKey(), topic).isNotNull();
            assertThat(messages.put(type.asText(), message)).as("a second message with ce_type %s on %s", type, topic).isNull();
        });
        return messages;
    }

    /** The {@code const} the schema (or one of its allOf parts) gives {@code property}. */
    private static JsonNode constOf(JsonNode schema, String property) {
        if (schema.isMissingNode()) {
            return null;
        }
        schema = resolve(schema);
        JsonNode value = schema.path("properties").path(property).path("const");
        if (!value.isMissingNode()) {
            return value;
        }
        for (JsonNode part : schema.path("allOf")) {
            JsonNode found = constOf(part, property);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Follows local {@code $ref}s ({@code #/components/...}). */
    private static JsonNode resolve(JsonNode node) {
        for (int depth = 0; node.has("$ref"); depth++) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/") || depth > 20) {
                throw new AssertionError("unsupported or circular $ref " + ref + " in " + DOCUMENT);
            }
            JsonNode target = document.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new AssertionError("$ref " + ref + " does not resolve in " + DOCUMENT);
            }
            node = target;
        }
        return node;
    }

    // ---- a small JSON Schema validator, for the keywords docs/asyncapi.yaml uses ----

    private static final Set<String> KEYWORDS = Set.of("$ref", "type", "required", "properties", "additionalProperties",
            "enum", "const", "format", "pattern", "minimum", "maximum", "items", "allOf", "oneOf", "anyOf",
            "title", "description", "examples");
    private static final Pattern UUID_PATTERN =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern DATE_TIME_PATTERN =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$");
    private static final Pattern DATE_PATTERN = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");

    /** Adds to {@code errors} every way {@code value} (at JSON path {@code path}) breaks {@code schema}. */
    static void validate(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema == null || schema.isMissingNode()) {
            errors.add(path + ": no schema in the document");
            return;
        }
        schema = resolve(schema);
        schema.fieldNames().forEachRemaining(keyword -> {
            if (!KEYWORDS.contains(keyword)) {
                errors.add(path + ": the test's validator does not support the keyword '" + keyword + "' of the document");
            }
        });
        for (JsonNode part : schema.path("allOf")) {
            validate(part, value, path, errors);
        }
        if (schema.has("oneOf") || schema.has("anyOf")) {
            boolean one = schema.has("oneOf");
            List<String> failures = new ArrayList<>();
            int matches = 0;
            for (JsonNode alternative : schema.get(one ? "oneOf" : "anyOf")) {
                List<String> own = new ArrayList<>();
                validate(alternative, value, path, own);
                if (own.isEmpty()) {
                    matches++;
                } else {
                    failures.add(String.join(", ", own));
                }
            }
            if (matches == 0 || (one && matches > 1)) {
                errors.add(path + ": " + describe(value) + " matches " + matches + " of the " + (one ? "oneOf" : "anyOf")
                        + " alternatives" + (matches == 0 ? " (" + String.join(" | ", failures) + ")" : ", not exactly one"));
            }
        }
        if (schema.has("type")) {
            List<String> types = new ArrayList<>();
            if (schema.get("type").isArray()) {
                schema.get("type").forEach(t -> types.add(t.asText()));
            } else {
                types.add(schema.get("type").asText());
            }
            if (types.stream().noneMatch(type -> hasType(value, type))) {
                errors.add(path + ": expected " + String.join(" or ", types) + " but was " + describe(value));
                return;
            }
        }
        if (schema.has("const") && !same(schema.get("const"), value)) {
            errors.add(path + ": expected " + schema.get("const") + " but was " + describe(value));
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode option : schema.get("enum")) {
                listed |= same(option, value);
            }
            if (!listed) {
                errors.add(path + ": " + describe(value) + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (schema.has("format") && !hasFormat(text, schema.get("format").asText())) {
                errors.add(path + ": " + describe(value) + " is not a valid " + schema.get("format").asText());
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
                errors.add(path + ": " + describe(value) + " does not match the pattern " + schema.get("pattern").asText());
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                errors.add(path + ": " + value + " is below the minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                errors.add(path + ": " + value + " is above the maximum " + schema.get("maximum"));
            }
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    errors.add(child(path, required.asText()) + ": required but missing");
                }
            }
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            value.properties().forEach(field -> {
                String fieldPath = child(path, field.getKey());
                if (properties.has(field.getKey())) {
                    validate(properties.get(field.getKey()), field.getValue(), fieldPath, errors);
                } else if (additional.isBoolean() && !additional.asBoolean()) {
                    errors.add(fieldPath + ": not in the schema, which has additionalProperties: false");
                } else if (additional.isObject()) {
                    validate(additional, field.getValue(), fieldPath, errors);
                }
            });
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber()
                    || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "null" -> value.isNull();
            default -> throw new AssertionError("unknown type '" + type + "' in " + DOCUMENT);
        };
    }

    private static boolean hasFormat(String text, String format) {
        try {
            return switch (format) {
                case "uuid" -> UUID_PATTERN.matcher(text).matches();
                case "date-time" -> DATE_TIME_PATTERN.matcher(text).matches()
                        && OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME) != null;
                case "date" -> DATE_PATTERN.matcher(text).matches() && LocalDate.parse(text) != null;
                default -> throw new AssertionError("the test's validator does not support the format '" + format + "'");
            };
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** JSON equality, numbers by value (1 == 1.0). */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String child(String path, String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? path + "." + name : path + "['" + name + "']";
    }

    private static String describe(JsonNode value) {
        String kind = value.isNull() ? "null" : value.isTextual() ? "string" : value.isIntegralNumber() ? "integer"
                : value.isNumber() ? "number" : value.isBoolean() ? "boolean" : value.isArray() ? "array" : "object";
        String text = value.toString();
        return value.isNull() ? "null" : kind + " " + (text.length() > 80 ? text.substring(0, 77) + "..." : text);
    }
}
