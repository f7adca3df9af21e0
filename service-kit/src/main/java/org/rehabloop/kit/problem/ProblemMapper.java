package org.rehabloop.kit.problem;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.rehabloop.kit.text.SafeText;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** The one place where errors become RFC 9457 problem details; no stack trace or SQL ever leaves the process. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(new Problem(null, e.title(), e.status(), e.getMessage(), path(uri), e.violations()));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        return respond(new Problem(null, "Bad Request", 400, "The request has invalid fields", path(uri), violations));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonMappingException e, UriInfo uri) {
        String field = jsonPath(e.getPath());
        String message = messageOf(e);
        return respond(new Problem(null, "Bad Request", 400, "The request body could not be read", path(uri),
                List.of(new Problem.Violation(field.isEmpty() ? "body" : field, message))));
    }

    /** More specific than Quarkus' own mapper for this type, which answers with an empty body. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        return unparsable(e, uri);
    }

    /** A number too large for its field ({@code "sessionRpe": 1e308}) names the field; anything else is the body. */
    @ServerExceptionMapper
    public Response unparsable(StreamReadException e, UriInfo uri) {
        if (e instanceof InputCoercionException coercion && coercion.getProcessor() != null) {
            JsonParser parser = coercion.getProcessor();
            String field = jsonPath(parser.getParsingContext());
            String message = "is out of range for " + (coercion.getTargetType() == null ? "its type"
                    : "a value of type " + coercion.getTargetType().getSimpleName());
            return respond(new Problem(null, "Bad Request", 400, "The request has invalid fields", path(uri),
                    List.of(new Problem.Violation(field.isEmpty() ? "body" : field, message))));
        }
        return notJson(uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(new Problem(null, "Unauthorized", 401, "A valid bearer token is required", path(uri), null));
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return respond(new Problem(null, "Unauthorized", 401, "A valid bearer token is required", path(uri), null));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(null, "Forbidden", 403, "Your role may not use this endpoint", path(uri), null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        // the JSON reader wraps what it could not read
        if (e.getCause() instanceof JsonMappingException unreadable) {
            return unreadable(unreadable, uri);
        }
        if (e.getCause() instanceof StreamReadException unparsable) {
            return unparsable(unparsable, uri);
        }
        if (e.getCause() instanceof JacksonException) {
            return notJson(uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        return respond(new Problem(null, title, status, title, path(uri), null));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (DatabaseFailures.unavailable(e)) {
            // nothing was accepted: the phone keeps the request and sends it again, which is safe (idempotent ids)
            LOG.warnf("The database is unavailable (%s); answering 503", rootMessage(e));
            return Response.fromResponse(respond(new Problem(null, "Service Unavailable", 503,
                    "The service cannot reach its database just now; nothing was stored. Try again shortly.", path(uri),
                    null))).header("Retry-After", "5").build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, incident %s", incident);
        return respond(new Problem(null, "Internal Server Error", 500,
                "Something went wrong on our side (incident " + incident + ")", path(uri), null));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private static Response notJson(UriInfo uri) {
        return respond(new Problem(null, "Bad Request", 400, "The request body is not valid JSON", path(uri),
                List.of(new Problem.Violation("body", "is not valid JSON"))));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    /** The path of the bad value in the request, without the method and parameter that Bean Validation adds. */
    private static String field(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new java.util.ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        Path.Node last = nodes.get(nodes.size() - 1);
        if (last.getKind() == ElementKind.PARAMETER) {
            return parameterName(violation, nodes);
        }
        StringBuilder field = new StringBuilder();
        for (Path.Node node : nodes) {
            if (node.getKind() != ElementKind.PROPERTY && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            // container elements are named "<list element>" and the like: their index is the name
            if (node.getName() != null && !node.getName().startsWith("<")) {
                field.append(field.length() > 0 ? "." : "").append(node.getName());
            }
        }
        return field.length() > 0 ? field.toString() : "body";
    }

    /**
     * The name a client knows a method parameter by: its query, path or header name, or "body" for the request body
     * (a body that is missing or JSON {@code null}); never the Java name of the parameter.
     */
    private static String parameterName(ConstraintViolation<?> violation, List<Path.Node> nodes) {
        Path.Node last = nodes.get(nodes.size() - 1);
        Path.MethodNode method = nodes.get(0).getKind() == ElementKind.METHOD ? nodes.get(0).as(Path.MethodNode.class) : null;
        int index = last.as(Path.ParameterNode.class).getParameterIndex();
        boolean found = false;
        // the root bean may be a generated subclass whose override carries no annotations: look up to the resource
        for (Class<?> type = violation.getRootBeanClass(); method != null && type != null; type = type.getSuperclass()) {
            try {
                java.lang.reflect.Method m = type.getDeclaredMethod(method.getName(),
                        method.getParameterTypes().toArray(Class<?>[]::new));
                for (java.lang.annotation.Annotation a : m.getParameterAnnotations()[index]) {
                    String name = a instanceof jakarta.ws.rs.QueryParam q ? q.value()
                            : a instanceof jakarta.ws.rs.PathParam p ? p.value()
                            : a instanceof jakarta.ws.rs.HeaderParam h ? h.value()
                            : a instanceof jakarta.ws.rs.FormParam f ? f.value()
                            : a instanceof jakarta.ws.rs.CookieParam c ? c.value() : null;
                    if (name != null) {
                        return name;
                    }
                }
                found = true;
            } catch (NoSuchMethodException e) {
                // declared further up
            }
        }
        return found ? "body" : last.getName();
    }

    /** What is wrong with a value Jackson could not read, in words for the caller. */
    public static String messageOf(JsonMappingException e) {
        if (e instanceof InvalidFormatException invalid) {
            return invalid.getTargetType() == String.class ? SafeText.REFUSED
                    : "must be a valid " + invalid.getTargetType().getSimpleName();
        }
        return e instanceof UnrecognizedPropertyException ? "is not a known field" : "has the wrong type or shape";
    }

    /** Where a parser stood when it failed, as {@code exercises[0].sets[1].count}; "" for the body itself. */
    public static String jsonPath(JsonStreamContext context) {
        List<String> parts = new java.util.ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.add(0, "." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /** The field a value Jackson could not read sits at, as {@code exercises[0].sets[1].count}; "" for the body. */
    public static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
