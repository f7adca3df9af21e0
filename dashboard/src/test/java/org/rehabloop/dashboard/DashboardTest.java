package org.rehabloop.dashboard;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page, its scripts and Chart.js are served from the build; /config.json names the three APIs. */
@QuarkusTest
class DashboardTest {

    @Test
    void thePageAndEveryScriptItNamesAreServedFromTheBuild() {
        String page = given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .extract().asString();
        Matcher scripts = Pattern.compile("<script src=\"([^\"]+)\"").matcher(page);
        int count = 0;
        while (scripts.find()) {
            String src = scripts.group(1);
            assertTrue(src.startsWith("/"), src + " must come from this origin, not a CDN");
            given().get(src).then().statusCode(200);
            count++;
        }
        assertTrue(count >= 2, "the page loads Chart.js and its own script");
    }

    @Test
    void configNamesTheApisWithoutATrailingSlash() {
        given().get("/config.json").then().statusCode(200)
                .body("planUrl", equalTo("http://localhost:8081"))
                .body("loggingUrl", equalTo("http://localhost:8082"))
                .body("assessmentUrl", equalTo("http://localhost:8083"));
    }

    @Test
    void aSlashMeansThisOriginAndTrailingSlashesGo() {
        org.junit.jupiter.api.Assertions.assertEquals("", ConfigResource.trim("/"));
        org.junit.jupiter.api.Assertions.assertEquals("https://api.example", ConfigResource.trim(" https://api.example// "));
    }
}
