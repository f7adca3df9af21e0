package org.rehabloop.assessment;

import io.restassured.specification.RequestSpecification;
import org.rehabloop.infra.TestInfrastructure;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Requests as a signed-in user, with real RS256 tokens. */
public final class Auth {
    private Auth() {
    }

    public static RequestSpecification as(String role, UUID subject) {
        return given().auth().oauth2(TestInfrastructure.tokens().mint(role, subject));
    }
}
