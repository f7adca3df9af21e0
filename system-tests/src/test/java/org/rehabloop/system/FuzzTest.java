package org.rehabloop.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rehabloop.system.FuzzApi.Operation;
import org.rehabloop.system.FuzzApi.Parameter;
import org.rehabloop.system.FuzzCases.Case;
import org.rehabloop.system.FuzzCases.Expect;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No input makes any service answer 5xx. Every operation of each service's own OpenAPI document (fetched from the
 * running service) is called with one broken thing at a time: every field of its body (nested and in lists), every
 * path and query parameter, and the body as a whole (not JSON, too deep, wrong content type, at and over the size
 * limit). Each answer must be a 4xx problem+json naming the broken field, say nothing of the code behind it, come
 * within 2 s, and store nothing (rows are counted in the service's database around each operation's batch).
 */
class FuzzTest {
    private static final Duration SLOW = Duration.ofSeconds(2);
    private static final List<String> LEAKS = List.of("java.", "jakarta.", "org.", "com.fasterxml", "io.quarkus",
            "io.vertx", "Exception", "\tat ", "<list element>", "<map value>", "<iterable element>");
    /**
     * Not counted: the kit's tables, which a refused request may write (the audit trail of the refusal) or the
     * services keep, and the webhook dispatcher's log of attempts, which it writes in the background on its own
     * schedule (retries of deliveries that other tests started), never for a request.
     */
    private static final Set<String> NOT_COUNTED = Set.of("flyway_schema_history", "audit_record", "processed_event",
            "outbox_event", "outbox_sent", "webhook_attempt");

    private static RunningSystem system;
    private static final UUID PATIENT = UUID.randomUUID();
    private static final UUID CLINICIAN = UUID.randomUUID();
    private static final UUID PARTNER = UUID.randomUUID();
    private static final UUID ADMIN = UUID.randomUUID();
    private static final UUID SESSION = UUID.randomUUID();
    private static final UUID CHECK_IN = UUID.randomUUID();
    private static String programId;
    private static String alertId;
    private static String webhookId;
    private static Map<String, Object> session;
    private static Map<String, Object> checkIn;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void aPatientWithAProgrammeASessionAnAlertAndAPartnerWithAWebhook() {
        system = RunningSystem.get();
        programId = as("clinician", CLINICIAN, "plan-service")
                .body(Map.of("patientId", PATIENT, "templateCode", "hip-strength-knee-pain", "startDate", LocalDate.now().toString()))
                .post("/v1/programs").then().statusCode(201).extract().path("id");
        session = Map.of("id", SESSION.toString(), "programId", programId, "programVersion", 1,
                "performedAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "durationMinutes", 30, "sessionRpe", 5, "painBefore", 2, "notes", "fuzz base",
                "exercises", List.of(Map.of("exerciseCode", "clamshell", "form", "CLEAN", "painDuring", 7,
                        "sets", List.of(Map.of("count", 15, "side", "LEFT")))));
        await().atMost(Duration.ofSeconds(30)).until(() -> as("patient", PATIENT, "logging-service").body(session)
                .post("/v1/patients/" + PATIENT + "/sessions").statusCode() == 201);
        checkIn = Map.of("id", CHECK_IN.toString(), "at", Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString(),
                "pain", 2, "kind", "DAILY");
        as("patient", PATIENT, "logging-service").body(checkIn).post("/v1/patients/" + PATIENT + "/pain-checkins")
                .then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> as("clinician", CLINICIAN, "assessment-service")
                .queryParam("patientId", PATIENT).get("/v1/alerts").<Integer>path("items.size()") >= 1);
        alertId = as("clinician", CLINICIAN, "assessment-service").queryParam("patientId", PATIENT).get("/v1/alerts")
                .path("items[0].id");
        webhookId = as("partner", PARTNER, "assessment-service")
                .body(Map.of("url", "https://93.184.216.34/hook", "events", List.of("alert.raised")))
                .post("/v1/webhooks").then().statusCode(201).extract().path("subscription.id");
        // the alert's adjustment travels on to plan-service and back: let the loop come to rest before counting
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(new java.util.concurrent.Callable<>() {
            Map<String, Long> last = Map.of();

            @Override
            public Boolean call() throws Exception {
                Map<String, Long> now = new LinkedHashMap<>();
                for (String database : List.of("plan", "logging", "assessment")) {
                    counts(database).forEach((table, rows) -> now.put(database + "." + table, rows));
                }
                boolean settled = now.equals(last);
                last = now;
                return settled;
            }
        });
    }

    private static RequestSpecification as(String role, UUID subject, String service) {
        return given().baseUri(system.url(service)).auth().oauth2(system.tokens.mint(role, subject)).contentType(ContentType.JSON);
    }

    /**
     * Base bodies where realistic values matter, by operation: the stored session and check-in again (a retry: 200
     * and nothing new), a programme for a patient who has one (409 once valid), a manual adjustment, webhooks.
     * Other bodies are built from their schema with the field values of {@link #known()}.
     */
    private static Map<String, JsonNode> bodies() {
        return FuzzCases.map(
                "POST /v1/patients/{patientId}/sessions", session,
                "POST /v1/patients/{patientId}/pain-checkins", checkIn,
                "POST /v1/patients/{patientId}/sync", Map.of("sessions", List.of(session), "checkIns", List.of(checkIn)),
                "POST /v1/programs", Map.of("patientId", PATIENT, "templateCode", "hip-strength-knee-pain",
                        "startDate", LocalDate.now().toString(), "sessionsPerWeek", 3, "autoAdjust", "SAFE"),
                "POST /v1/programs/{id}/adjustments", Map.of("type", "HOLD", "exerciseCode", "side-lying-hip-abduction",
                        "reason", "fuzz"),
                "POST /v1/webhooks", Map.of("url", "https://93.184.216.34/fuzz", "events", List.of("alert.raised"),
                        "description", "fuzz"),
                "PATCH /v1/webhooks/{id}", Map.of("description", "fuzz", "enabled", true),
                "PUT /v1/partners/{partnerId}/entitlements", Map.of("clinicianIds", List.of(CLINICIAN), "patientIds", List.of(PATIENT)),
                "POST /v1/alerts/{id}/acknowledge", Map.of("note", "fuzz"),
                "POST /v1/alerts/{id}/resolve", Map.of("note", "fuzz"));
    }

    /** Realistic values, as the other system tests use them, by field name. */
    private static Map<String, JsonNode> known() {
        String now = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        return FuzzCases.map(
                "patientId", PATIENT.toString(),
                "programId", programId,
                "programVersion", 1,
                "templateCode", "hip-strength-knee-pain",
                "startDate", LocalDate.now().toString(),
                "startedOn", LocalDate.now().toString(),
                "performedAt", now,
                "loggedAt", now,
                "reportedAt", now,
                "at", now,
                "durationMinutes", 30,
                "sessionRpe", 5,
                "painBefore", 2,
                "painDuring", 3,
                "pain", 2,
                "kind", "DAILY",
                "exerciseCode", "clamshell",
                "form", "CLEAN",
                "count", 15,
                "target", 15,
                "block", "ACTIVATION",
                "unit", "REPS",
                "perSide", true,
                "sessionsPerWeek", 3,
                "name", "Fuzz",
                "description", "fuzz",
                "instructions", "Lie on your side.",
                "targetMuscles", List.of("gluteus medius"),
                "equipment", List.of("mat"),
                "blocks", List.of("ACTIVATION"),
                "limit", 10,
                "date", LocalDate.now().toString(),
                "from", Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "to", Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** A path parameter's base value, by the collection it names. */
    private static String pathValue(Operation op, String name) {
        String[] segments = op.path().split("/");
        String before = "";
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].equals("{" + name + "}")) {
                before = segments[i - 1];
            }
        }
        boolean write = !op.method().equals("GET");
        return switch (before) {
            case "programs" -> programId;
            case "patients" -> PATIENT.toString();
            case "alerts" -> alertId;
            case "webhooks" -> webhookId;
            case "sessions" -> SESSION.toString();
            case "partners" -> PARTNER.toString();
            case "exercises" -> write ? "fuzz-exercise" : "clamshell";
            case "templates" -> write ? "fuzz-template" : "hip-strength-knee-pain";
            default -> UUID.randomUUID().toString();
        };
    }

    record Caller(String role, UUID subject) {
    }

    record Result(Operation op, Case c, int status, String contentType, String body, long millis, List<String> failures) {
    }

    @Test
    void noInputMakesAnyServiceFail() throws Exception {
        List<Result> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int operations = 0;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (String service : List.of("plan-service", "logging-service", "assessment-service")) {
                String base = system.url(service);
                String document = http.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
                java.nio.file.Files.writeString(java.nio.file.Path.of("target", "fuzz-openapi-" + service + ".json"), document);
                FuzzApi api = new FuzzApi(service, document);
                FuzzCases cases = new FuzzCases(api, known());
                String database = service.substring(0, service.indexOf('-'));
                for (Operation op : api.operations()) {
                    if (!op.path().startsWith("/v1/") || op.produces().contains("text/event-stream")) {
                        continue; // an event stream never ends; its refusals are tested by AlertStreamTest
                    }
                    operations++;
                    Caller caller = caller(base, op);
                    String token = system.tokens.mint(caller.role(), caller.subject());
                    Integer baseStatus = null;
                    JsonNode body = op.body() == null ? null : bodies().containsKey(op.key())
                            ? bodies().get(op.key()) : cases.base("body", op.body(), "");
                    if (body != null) {
                        HttpResponse<String> answer = send(base, op.method(), basePath(op, cases), token, "application/json",
                                FuzzCases.render(body, null).getBytes(StandardCharsets.UTF_8));
                        baseStatus = answer.statusCode();
                        if (baseStatus == 400) {
                            failures.add(row(op, "base body", "valid base body refused: " + answer.body()));
                        }
                    }
                    boolean maybeToo = op.method().equals("GET") || (baseStatus != null
                            && (baseStatus >= 400 || (op.method().equals("POST") && baseStatus == 200)));
                    List<Case> batch = build(op, cases, body).stream().filter(c -> maybeToo || c.expect() == Expect.INVALID).toList();
                    Map<String, Long> before = settledCounts(database);
                    List<Future<Result>> running = new ArrayList<>();
                    for (Case c : batch) {
                        running.add(pool.submit(() -> run(base, op, token, c)));
                    }
                    for (Future<Result> f : running) {
                        Result r = f.get();
                        results.add(r);
                        r.failures().forEach(reason -> failures.add(row(op, r.c().field() + " (" + r.c().what() + ")",
                                reason)));
                    }
                    Map<String, Long> after = counts(database);
                    if (!after.equals(before)) {
                        Thread.sleep(1000);
                        Map<String, Long> again = counts(database);
                        for (String table : before.keySet()) {
                            if (!before.get(table).equals(again.get(table))) {
                                failures.add(row(op, "database " + database, "stored: " + table + " " + before.get(table)
                                        + " -> " + again.get(table) + " rows"));
                            }
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long fiveHundreds = results.stream().filter(r -> r.status() >= 500).count();
        StringBuilder report = new StringBuilder(String.format("FUZZ: %d requests, %d operations, %d 5xx%n",
                results.size(), operations, fiveHundreds));
        failures.stream().distinct().limit(80).forEach(f -> report.append("  ").append(f).append('\n'));
        if (failures.stream().distinct().count() > 80) {
            report.append("  ... and ").append(failures.stream().distinct().count() - 80).append(" more\n");
        }
        System.out.print(report);
        java.nio.file.Files.write(java.nio.file.Path.of("target", "fuzz-failures.txt"), failures.stream().distinct().toList());
        assertThat(results.size()).as("requests sent").isGreaterThanOrEqualTo(5000);
        assertThat(failures).as(report.toString()).isEmpty();
    }

    private static String row(Operation op, String what, String reason) {
        String shortReason = reason.length() > 300 ? reason.substring(0, 300) + "..." : reason;
        return String.format("%-19s %-45s %-40s %s", op.service(), op.key(), what.length() > 40 ? what.substring(0, 40) : what,
                shortReason.replace('\n', ' '));
    }

    /** The first role that may call {@code op}: called with ids no one has and a body that is not JSON, nothing runs. */
    private Caller caller(String base, Operation op) throws Exception {
        List<Caller> callers = List.of(new Caller("patient", PATIENT), new Caller("clinician", CLINICIAN),
                new Caller("admin", ADMIN), new Caller("partner", PARTNER));
        for (Caller caller : callers) {
            String path = op.path();
            for (Parameter p : op.in("path")) {
                path = path.replace("{" + p.name() + "}", op.method().equals("GET") ? pathValue(op, p.name())
                        : "00000000-0000-0000-0000-000000000000");
            }
            int status = send(base, op.method(), path, system.tokens.mint(caller.role(), caller.subject()),
                    op.body() == null ? null : "application/json", op.body() == null ? null : "{".getBytes()).statusCode();
            if (status != 403 && status != 401) {
                return caller;
            }
        }
        throw new AssertionError(op.key() + " refuses every role");
    }

    private String basePath(Operation op, FuzzCases cases) {
        return path(op, cases, null, null);
    }

    /** The operation's path with base values, but {@code changed} set to {@code value} (already encoded). */
    private String path(Operation op, FuzzCases cases, Parameter changed, String value) {
        String path = op.path();
        for (Parameter p : op.in("path")) {
            path = path.replace("{" + p.name() + "}", p == changed ? value : FuzzCases.encode(pathValue(op, p.name())));
        }
        List<String> query = new ArrayList<>();
        Map<String, JsonNode> known = known();
        for (Parameter p : op.in("query")) {
            if (p == changed) {
                query.add(p.name() + "=" + value);
            } else if (p.required() || known.containsKey(p.name()) || p.schema().has("enum")) {
                JsonNode v = cases.parameterBase(p.name(), p.schema());
                query.add(p.name() + "=" + FuzzCases.encode(v.asText()));
            }
        }
        return query.isEmpty() ? path : path + "?" + String.join("&", query);
    }

    private List<Case> build(Operation op, FuzzCases cases, JsonNode body) {
        List<Case> all = new ArrayList<>();
        String json = "application/json";
        byte[] baseBody = body == null ? null : FuzzCases.render(body, null).getBytes(StandardCharsets.UTF_8);
        String basePath = basePath(op, cases);
        for (Parameter p : op.parameters()) {
            if (!p.in().equals("path") && !p.in().equals("query")) {
                continue;
            }
            for (String[] v : FuzzCases.parameterValues(p.schema(), p.in().equals("path"))) {
                all.add(new Case(p.name(), p.in() + " " + v[1], Expect.valueOf(v[2]), path(op, cases, p, v[0]),
                        body == null ? null : json, baseBody, Set.of(p.name())));
            }
        }
        if (body == null) {
            return all;
        }
        List<FuzzCases.BodyChange> changes = cases.bodyChanges(op.body(), body);
        for (FuzzCases.BodyChange change : changes) {
            all.add(new Case(change.field(), change.what(), change.expect(), basePath, json,
                    change.json().getBytes(StandardCharsets.UTF_8), change.what().contains("nested")
                            ? FuzzCases.selfAndAncestors(change.field()) : Set.of(change.field())));
        }
        // the body as a whole
        Set<String> whole = Set.of("body");
        String[][] bodies = {{"{", "truncated JSON"}, {"{\"a\":", "truncated member"}, {"", "empty body"}, {"null", "null body"},
                {"[]", "an array body"}, {"42", "a number body"}, {"\"text\"", "a string body"}, {"{} {}", "two bodies"},
                {"{\"a\":1,}", "trailing comma"}, {"{'a': 1}", "single quotes"}, {"\u00ff\u00fe", "not UTF-8"},
                {"[".repeat(5000) + "]".repeat(5000), "5000 nested arrays"},
                {"{\"a\":".repeat(5000) + "1" + "}".repeat(5000), "5000 nested objects"}};
        for (String[] b : bodies) {
            byte[] bytes = b[1].equals("not UTF-8") ? new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'} : b[0].getBytes(StandardCharsets.UTF_8);
            // no body where it is optional, or where it has no required field (all defaults, like {}), may be fine
            boolean absent = b[0].isEmpty() || b[0].equals("null");
            boolean optional = !op.bodyRequired() || op.body().path("required").isEmpty();
            all.add(new Case("body", b[1], absent && optional ? Expect.MAYBE : Expect.INVALID, basePath, json, bytes, whole));
        }
        all.add(new Case("body", "text/plain", Expect.INVALID, basePath, "text/plain", baseBody, whole));
        all.add(new Case("body", "application/xml", Expect.INVALID, basePath, "application/xml", "<fuzz/>".getBytes(), whole));
        all.add(new Case("body", "form", Expect.INVALID, basePath, "application/x-www-form-urlencoded", "a=1".getBytes(), whole));
        all.add(new Case("body", "no content type", Expect.INVALID, basePath, null, baseBody, whole));
        all.add(new Case("body", "application/json-patch+json", Expect.INVALID, basePath, "application/json-patch+json", baseBody, whole));
        // at the size limit: read (and refused for the broken field in it); one byte over: 413
        FuzzCases.BodyChange first = changes.stream().filter(c -> c.expect() == Expect.INVALID && !c.what().contains("100k")
                && !c.what().contains("nested")).findFirst().orElseThrow();
        all.add(new Case(first.field(), "padded to 256 KiB, " + first.what(), Expect.INVALID, basePath, json,
                pad(first.json(), FuzzCases.BODY_LIMIT), Set.of(first.field())));
        all.add(new Case("body", "256 KiB + 1 byte", Expect.INVALID, basePath, json, pad(first.json(), FuzzCases.BODY_LIMIT + 1), whole));
        all.add(new Case("body", "1 MiB", Expect.INVALID, basePath, json, pad(first.json(), 1024 * 1024), whole));
        return all;
    }

    private static byte[] pad(String json, int size) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(text, size);
        Arrays.fill(padded, text.length, size, (byte) ' ');
        return padded;
    }

    private HttpResponse<String> send(String base, String method, String path, String token, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Result run(String base, Operation op, String token, Case c) {
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = send(base, op.method(), c.pathAndQuery(), token, c.contentType(), c.body());
        } catch (Exception e) {
            return new Result(op, c, 0, "", "", 0, List.of("no answer: " + e));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String body = response.body();
        int status = response.statusCode();
        List<String> failures = new ArrayList<>();
        if (status >= 500) {
            failures.add(status + " " + body);
        } else if (status < 400) {
            JsonNode batch = json(body);
            if (batch != null && batch.has("items") && batch.has("stored")) {
                checkBatch(c, batch, failures);
            } else if (c.expect() == Expect.INVALID) {
                failures.add("accepted with " + status);
            }
        } else {
            if (!contentType.startsWith("application/problem+json")) {
                failures.add(status + " as '" + contentType + "', not problem+json");
            }
            if (status == 400) {
                JsonNode problem = json(body);
                List<String> named = new ArrayList<>();
                if (problem != null) {
                    problem.path("violations").forEach(v -> named.add(v.path("field").asText()));
                }
                if (named.stream().noneMatch(f -> names(c.fields(), f))) {
                    failures.add("400 names " + named + ", not " + c.fields());
                }
            }
        }
        for (String leak : LEAKS) {
            if (status >= 400 && body.contains(leak)) {
                failures.add("answer shows '" + leak.trim() + "': " + body);
            }
        }
        if (millis > SLOW.toMillis()) {
            failures.add("answered in " + millis + " ms");
        }
        return new Result(op, c, status, contentType, body, millis, failures);
    }

    /** A batch (sync) answers 200 with a result per item: nothing stored, and the broken item's 400 names the field. */
    private static void checkBatch(Case c, JsonNode batch, List<String> failures) {
        if (batch.path("stored").asInt() != 0) {
            failures.add("batch stored " + batch.path("stored").asInt() + " items");
        }
        if (c.expect() != Expect.INVALID) {
            return;
        }
        List<String> named = new ArrayList<>();
        for (JsonNode item : batch.path("items")) {
            if (item.path("status").asInt() >= 400) {
                item.path("problem").path("violations").forEach(v -> named.add(v.path("field").asText()));
            }
        }
        if (named.stream().noneMatch(f -> names(c.fields(), f))) {
            failures.add("batch accepted it, its items name " + named + ", not " + c.fields());
        }
    }

    private static boolean names(Set<String> expected, String field) {
        return expected.stream().anyMatch(e -> field.equals(e) || field.startsWith(e + ".") || field.startsWith(e + "["));
    }

    private static JsonNode json(String body) {
        try {
            return FuzzApi.JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- rows in the services' databases

    private static Map<String, Long> settledCounts(String database) throws Exception {
        Map<String, Long> last = counts(database);
        long deadline = System.currentTimeMillis() + 15_000;
        int stable = 0;
        while (System.currentTimeMillis() < deadline && stable < 2) {
            Thread.sleep(500);
            Map<String, Long> now = counts(database);
            stable = now.equals(last) ? stable + 1 : 0;
            last = now;
        }
        return last;
    }

    private static Map<String, Long> counts(String database) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (var connection = java.sql.DriverManager.getConnection(system.infrastructure.jdbcUrl(database),
                system.infrastructure.username(), system.infrastructure.password());
                var statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (var rs = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
                while (rs.next()) {
                    if (!NOT_COUNTED.contains(rs.getString(1))) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            for (String table : tables) {
                try (var rs = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
