package org.rehabloop.plan.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rehabloop.infra.JwtKeys;
import org.rehabloop.infra.TestInfrastructure;
import org.rehabloop.infra.Tokens;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.rehabloop.plan.Auth.as;

/** Real RS256 tokens that must be refused, and the audit trail of reads, writes and refusals. */
@QuarkusTest
class TokenAndAuditTest {
    private static final Tokens TOKENS = TestInfrastructure.tokens();

    static Stream<org.junit.jupiter.params.provider.Arguments> refusedTokens() {
        long now = Instant.now().getEpochSecond();
        String sub = UUID.randomUUID().toString();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"" + sub + "\",\"groups\":[\"clinician\"],\"iat\":%d,\"exp\":%d%s}";
        Tokens otherKey = new Tokens(JwtKeys.in(Path.of("target", "other-jwt")));
        String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(String.format(claims, now, now + 600, "")) + ".";
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("expired", TOKENS.sign(header, String.format(claims, now - 7200, now - 3600, ""))),
                org.junit.jupiter.params.provider.Arguments.of("not yet valid", TOKENS.sign(header, String.format(claims, now, now + 7200, ",\"nbf\":" + (now + 3600)))),
                org.junit.jupiter.params.provider.Arguments.of("wrong key", otherKey.mint("clinician", UUID.randomUUID())),
                org.junit.jupiter.params.provider.Arguments.of("wrong issuer", TOKENS.sign(header, String.format(claims, now, now + 600, "").replace(Tokens.ISSUER, "https://evil.example"))),
                org.junit.jupiter.params.provider.Arguments.of("alg none", unsigned),
                org.junit.jupiter.params.provider.Arguments.of("garbage", "not.a.token"));
    }

    @ParameterizedTest(name = "{0} -> 401")
    @MethodSource("refusedTokens")
    void refusedTokensAre401ProblemDetails(String name, String token) {
        given().auth().oauth2(token).get("/v1/exercises").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void noTokenIs401AndATokenWithoutGroupsHasNoRole() {
        given().get("/v1/exercises").then().statusCode(401).contentType("application/problem+json");
        long now = Instant.now().getEpochSecond();
        String noGroups = TOKENS.sign("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", "{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\""
                + UUID.randomUUID() + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}");
        given().auth().oauth2(noGroups).get("/v1/exercises").then().statusCode(403);
    }

    @Test
    void aReadAWriteAndADeniedAttemptAreAudited() {
        UUID clinician = UUID.randomUUID();
        UUID patient = UUID.randomUUID();
        String id = as("clinician", clinician).contentType(ContentType.JSON)
                .body(Map.of("patientId", patient, "templateCode", "hip-strength-knee-pain", "startDate", LocalDate.now().toString()))
                .post("/v1/programs").then().statusCode(201).extract().path("id");
        as("patient", patient).get("/v1/programs/" + id).then().statusCode(200);
        UUID intruder = UUID.randomUUID();
        as("clinician", intruder).get("/v1/programs/" + id).then().statusCode(404);

        as("admin", UUID.randomUUID()).queryParam("patientId", patient).get("/v1/audit").then().statusCode(200)
                .body("find { it.action == 'POST /v1/programs' }.subject", equalTo(clinician.toString()))
                .body("find { it.action == 'POST /v1/programs' }.role", equalTo("clinician"))
                .body("find { it.action == 'POST /v1/programs' }.outcome", equalTo("ALLOWED"))
                .body("find { it.action == 'POST /v1/programs' }.resourceId", equalTo(id))
                .body("find { it.subject == '" + patient + "' }.action", equalTo("GET /v1/programs/{id}"))
                .body("find { it.subject == '" + intruder + "' }.outcome", equalTo("DENIED"))
                .body("find { it.subject == '" + intruder + "' }.status", equalTo(404));
        as("clinician", clinician).queryParam("patientId", patient).get("/v1/audit").then().statusCode(403);
        as("admin", UUID.randomUUID()).get("/v1/audit").then().statusCode(400).body("violations.field", hasItem("patientId"));
    }

    @Test
    void responsesCarrySecurityHeaders() {
        as("patient", UUID.randomUUID()).get("/v1/exercises").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY");
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
