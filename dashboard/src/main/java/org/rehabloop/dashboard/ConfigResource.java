package org.rehabloop.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the page finds the three APIs. The same build serves a laptop (three ports, CORS), docker-compose and a
 * deployment behind one origin (base URL "/": the page calls its own origin).
 */
@Path("/config.json")
public class ConfigResource {

    /** Base URLs without a trailing slash; an empty one means "this origin" (configured as "/"). */
    public record DashboardConfig(String planUrl, String loggingUrl, String assessmentUrl) {
    }

    @ConfigProperty(name = "rehabloop.dashboard.plan-url")
    String planUrl;

    @ConfigProperty(name = "rehabloop.dashboard.logging-url")
    String loggingUrl;

    @ConfigProperty(name = "rehabloop.dashboard.assessment-url")
    String assessmentUrl;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public DashboardConfig config() {
        return new DashboardConfig(trim(planUrl), trim(loggingUrl), trim(assessmentUrl));
    }

    static String trim(String url) {
        String value = url == null ? "" : url.trim();
        return value.equals("/") ? "" : value.replaceAll("/+$", "");
    }
}
