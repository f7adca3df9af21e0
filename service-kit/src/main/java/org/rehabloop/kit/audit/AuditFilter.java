package org.rehabloop.kit.audit;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Records every call of the API, allowed or not, once the response is known. */
public class AuditFilter {
    @Inject
    AuditLog audit;

    @Inject
    AuditContext context;

    @Inject
    CurrentIdentityAssociation identities;

    /** The resource methods' joined {@code @Path}s, worked out once each. */
    private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();

    /** Names the call before the resource runs, for a record written with the call's effect (AuditLog.thisCall). */
    @ServerRequestFilter
    public void name(ContainerRequestContext request, UriInfo uri, ResourceInfo resource) {
        if (uri.getPath().startsWith("/v1/")) {
            context.named(request.getMethod() + " " + template(uri, resource));
        }
    }

    /** The record is written before the response leaves: an access is never unrecorded. */
    @ServerResponseFilter
    public Uni<Void> record(ContainerRequestContext request, ContainerResponseContext response, UriInfo uri,
            ResourceInfo resource) {
        int status = response.getStatus();
        if (!uri.getPath().startsWith("/v1/") || context.writtenWithEffect(status)) {
            return Uni.createFrom().voidItem();
        }
        String action = context.action() != null ? context.action() : request.getMethod() + " " + template(uri, resource);
        UUID patient = context.patientId() != null ? context.patientId() : pathPatient(uri);
        String resourceId = context.resourceId() != null ? context.resourceId() : uri.getPathParameters().getFirst("id");
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .invoke(identity -> {
                    boolean known = identity != null && !identity.isAnonymous();
                    audit.record(known ? AuditLog.subject(identity) : null, known ? AuditLog.role(identity) : null,
                            action, resourceId, patient, status);
                })
                .replaceWithVoid();
    }

    private static String template(UriInfo uri, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null || resource.getResourceClass() == null) {
            return uri.getPath();
        }
        String joined = TEMPLATES.computeIfAbsent(method, m -> joined(resource.getResourceClass(), m));
        return joined.isEmpty() ? String.join("/", uri.getMatchedURIs()) : joined;
    }

    /** The class's and the method's {@code @Path}, joined ("" when neither has one). */
    private static String joined(Class<?> resourceClass, Method method) {
        String base = resourceClass.isAnnotationPresent(jakarta.ws.rs.Path.class)
                ? resourceClass.getAnnotation(jakarta.ws.rs.Path.class).value() : "";
        String sub = method.isAnnotationPresent(jakarta.ws.rs.Path.class) ? method.getAnnotation(jakarta.ws.rs.Path.class).value() : "";
        return base + (sub.isEmpty() || sub.startsWith("/") || base.endsWith("/") ? "" : "/") + sub;
    }

    private static UUID pathPatient(UriInfo uri) {
        String value = uri.getPathParameters().getFirst("patientId");
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
