package org.rehabloop.kit.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.rehabloop.infra.TestInfrastructure;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Every call is recorded with who, what, whose and the outcome; the records cannot be changed or removed. */
@QuarkusTest
class AuditTrailTest {
    @Inject
    EntityManager entityManager;

    private static io.restassured.specification.RequestSpecification as(String role, UUID subject) {
        return given().auth().oauth2(TestInfrastructure.tokens().mint(role, subject));
    }

    @Test
    void aRefusedReadIsRecordedAndAnAdminCanFindIt() {
        UUID patient = UUID.randomUUID();
        UUID clinician = UUID.randomUUID();
        as("clinician", clinician).get("/v1/probe/patients/" + patient).then().statusCode(404);
        await().untilAsserted(() -> as("admin", UUID.randomUUID()).queryParam("patientId", patient).get("/v1/audit")
                .then().statusCode(200).body("$", hasSize(1))
                .body("[0].subject", equalTo(clinician.toString()))
                .body("[0].role", equalTo("clinician"))
                .body("[0].action", equalTo("GET /v1/probe/patients/{patientId}"))
                .body("[0].outcome", equalTo("DENIED"))
                .body("[0].status", equalTo(404)));
        as("clinician", clinician).queryParam("patientId", patient).get("/v1/audit").then().statusCode(403);
    }

    @Test
    void recordsAreAppendOnly() {
        UUID patient = UUID.randomUUID();
        as("clinician", UUID.randomUUID()).get("/v1/probe/patients/" + patient).then().statusCode(404);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "UPDATE audit_record SET outcome = 'ALLOWED' WHERE patient_id = :p").setParameter("p", patient).executeUpdate()))
                .hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "DELETE FROM audit_record WHERE patient_id = :p").setParameter("p", patient).executeUpdate()))
                .hasStackTraceContaining("append-only");
    }
}
