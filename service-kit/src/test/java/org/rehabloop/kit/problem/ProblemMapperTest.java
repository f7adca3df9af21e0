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
