package org.rehabloop.kit.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.kit.text.SafeText;

import java.util.List;
import java.util.Map;

/**
 * What every request must be before a resource sees it: a body comes with its content type (a body without one is
 * not guessed to be JSON: 415), and path and query parameters hold text that can be stored (no NUL, no unpaired
 * surrogate: 400 naming the parameter, where the database would otherwise fail with a 500).
 */
public class RequestChecks {

    @ServerRequestFilter
    public void check(ContainerRequestContext request, UriInfo uri) {
        if (request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null && hasBody(request)) {
            throw new ProblemException(415, "Unsupported Media Type", "A request body needs a Content-Type, such as application/json",
                    List.of(new org.rehabloop.kit.problem.Problem.Violation("body", "has no Content-Type")));
        }
        unsafe(uri.getPathParameters());
        unsafe(uri.getQueryParameters());
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeaderString("Transfer-Encoding") != null;
    }

    private static void unsafe(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                if (value != null && !SafeText.isSafe(value)) {
                    throw ProblemException.badField(parameter.getKey(), SafeText.REFUSED);
                }
            }
        }
    }
}
