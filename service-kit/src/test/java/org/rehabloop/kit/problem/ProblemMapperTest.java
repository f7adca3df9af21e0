package org.rehabloop.kit.problem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.rehabloop.infra.TestInfrastructure;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Every error a service can meet becomes problem+json naming the field, and nothing internal leaves the process. */
@QuarkusTest
class ProblemMapperTest {

    private static io.restassured.response.ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/probe").then()
                .contentType("application/problem+json").statusCode(400);
    }

    @Test
    void aValueOutOfRangeNamesItsField() {
        post("{\"pain\": 11, \"at\": \"2026-01-01T00:00:00Z\"}")
                .body("status", equalTo(400)).body("violations.field", hasItem("pain"));
    }

    @Test
    void aMissingValueNamesItsField() {
        post("{\"pain\": 3}").body("violations.field", hasItem("at"));
    }

    @Test
    void aBadValueInsideAListNamesItsIndex() {
        post("{\"pain\": 3, \"at\": \"2026-01-01T00:00:00Z\", \"parts\": [{\"name\": \"a\"}, {}]}")
                .body("violations.field", hasItem("parts[1].name"));
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        post("{\"pain\": \"seven\", \"at\": \"2026-01-01T00:00:00Z\"}").body("violations.field", hasItem("pain"));
        post("{\"pain\": 3, \"at\": \"yesterday\"}").body("violations.field", hasItem("at"));
    }

    @Test
    void aNumberTooLargeForItsFieldNamesTheField() {
        post("{\"pain\": 1e308, \"at\": \"2026-01-01T00:00:00Z\"}").body("violations.field", hasItem("pain"));
        post("{\"pain\": 9223372036854775808, \"at\": \"2026-01-01T00:00:00Z\"}").body("violations.field", hasItem("pain"));
        post("{\"pain\": -2147483649, \"at\": \"2026-01-01T00:00:00Z\"}").body("violations.field", hasItem("pain"))
                .body(not(containsString("Exception"))).body(not(containsString("java.")));
    }

    @Test
    void aTimeStampOutOfRangeNamesItsFieldInsteadOfBeing1970() {
        post("{\"pain\": 3, \"at\": 1e308}").body("violations.field", hasItem("at"));
        post("{\"pain\": 3, \"at\": -1e308}").body("violations.field", hasItem("at"));
    }

    @Test
    void aBadListElementIsNamedByItsIndexOnly() {
        post("{\"pain\": 3, \"at\": \"2026-01-01T00:00:00Z\", \"tags\": [\"knee\", \" \"]}")
                .body("violations.field", hasItem("tags[1]")).body(not(containsString("<list element>")));
    }

    @Test
    void aMissingOrNullBodyIsNamedAsTheBodyNotByItsJavaName() {
        post("null").body("violations.field", hasItem("body"));
        post("").body("violations.field", hasItem("body"));
    }

    @Test
    void aBadQueryParameterIsNamedByItsQueryName() {
        given().queryParam("limit", 0).get("/v1/probe/page").then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", hasItem("limit"));
    }

    @Test
    void anUnknownFieldOrSomethingAfterTheBodyIsRefused() {
        post("{\"pain\": 3, \"at\": \"2026-01-01T00:00:00Z\", \"pian\": 4}").body("violations.field", hasItem("pian"));
        post("{\"pain\": 3, \"at\": \"2026-01-01T00:00:00Z\"} {\"pain\": 9}").body("violations.field", hasItem("body"));
    }

    @Test
    void aParameterWithANulCharacterIsNamed() {
        given().urlEncodingEnabled(false).get("/v1/probe/codes/a%00b").then().statusCode(400)
                .contentType("application/problem+json").body("violations.field", hasItem("code"));
    }

    @Test
    void aBodyWithoutContentTypeIs415AndOneOverTheLimitIs413() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpResponse<String> untyped = http.send(java.net.http.HttpRequest.newBuilder(probe)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"pain\": 3, \"at\": \"2026-01-01T00:00:00Z\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThat(untyped.statusCode()).isEqualTo(415);
        org.assertj.core.api.Assertions.assertThat(untyped.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> org.assertj.core.api.Assertions.assertThat(type).startsWith("application/problem+json"));

        byte[] big = new byte[256 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        java.net.http.HttpResponse<String> tooLarge = http.send(java.net.http.HttpRequest.newBuilder(probe)
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(big)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThat(tooLarge.statusCode()).isEqualTo(413);
        org.assertj.core.api.Assertions.assertThat(tooLarge.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> org.assertj.core.api.Assertions.assertThat(type).startsWith("application/problem+json"));
        org.assertj.core.api.Assertions.assertThat(tooLarge.body()).contains("\"field\":\"body\"");

        // at the limit, the body is read (and refused for what is in it)
        java.net.http.HttpResponse<String> atLimit = http.send(java.net.http.HttpRequest.newBuilder(probe)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOf(big, big.length - 1))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThat(atLimit.statusCode()).isEqualTo(400);
    }

    @io.quarkus.test.common.http.TestHTTPResource("/v1/probe")
    java.net.URI probe;

    @Test
    void aBodyThatIsNotJsonIsNamedAsTheBody() {
        post("{\"pain\": 3,").body("violations.field", hasItem("body"));
    }

    @Test
    void aProblemThrownByAServiceKeepsItsStatusAndRevealsNoId() {
        UUID patient = UUID.randomUUID();
        given().auth().oauth2(TestInfrastructure.tokens().mint("clinician", UUID.randomUUID()))
                .get("/v1/probe/patients/" + patient).then().statusCode(404).contentType("application/problem+json")
                .body("detail", not(containsString(patient.toString())))
                .body("title", equalTo("Not Found"));
    }

    @Test
    void refusedTokensAndRolesAreProblemsToo() {
        given().get("/v1/probe/patients/" + UUID.randomUUID()).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestInfrastructure.tokens().mint("patient", UUID.randomUUID()))
                .get("/v1/probe/patients/" + UUID.randomUUID()).then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anUnexpectedErrorIsA500WithAnIncidentAndNothingInternal() {
        given().get("/v1/probe/broken").then().statusCode(500).contentType("application/problem+json")
                .body("detail", containsString("incident"))
                .body(not(containsString("SELECT"))).body(not(containsString("IllegalStateException")))
                .body(not(containsString("org.rehabloop")));
    }
}
