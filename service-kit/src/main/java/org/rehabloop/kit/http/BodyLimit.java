package org.rehabloop.kit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.rehabloop.kit.problem.Problem;

import java.util.List;

/**
 * The request body limit ({@code rehabloop.http.max-body-size}, 256 KiB), answered like every other refusal: 413
 * problem+json naming the body. Checked on the declared Content-Length before anything is read. The server's own
 * limit ({@code quarkus.http.limits.max-body-size}) stays above it as the last guard (it answers a bare 413 and also
 * bounds chunked bodies, which declare no length).
 */
@ApplicationScoped
public class BodyLimit {
    @ConfigProperty(name = "rehabloop.http.max-body-size", defaultValue = "262144")
    long limit;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared <= limit) {
            context.next();
            return;
        }
        String message = "is larger than " + limit + " bytes";
        String body;
        try {
            body = json.writeValueAsString(new Problem(null, "Content Too Large", 413, "The request body " + message,
                    context.request().path(), List.of(new Problem.Violation("body", message))));
        } catch (JsonProcessingException e) {
            body = "{\"title\":\"Content Too Large\",\"status\":413}";
        }
        // the body is not read: close the connection after answering rather than drain it
        context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close").end(body);
    }
}
