package org.rehabloop.kit.audit;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.lang.reflect.Method;
import java.util.List;
import java.util.UUID;

/** Records every call of the API, allowed or not, once the response is known. */
public class AuditFilter {
    @Inject
    AuditLog audit;

    @Inject
    AuditContext context;

    @Inject
    CurrentIdentityAssociation identities;

    /** The record is written before the response leaves: an access is never unrecorded. */
    @ServerResponseFilter
    public Uni<Void> record(ContainerRequestContext request, ContainerResponseContext response, UriInfo uri,
            ResourceInfo resource) {
        if (!uri.getPath().startsWith("/v1/")) {
            return Uni.createFrom().voidItem();
        }
        String action = request.getMethod() + " " + template(uri, resource);
        UUID patient = context.patientId() != null ? context.patientId() : pathPatient(uri);
        String resourceId = context.resourceId() != null ? context.resourceId() : uri.getPathParameters().getFirst("id");
        int status = response.getStatus();
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .invoke(identity -> {
                    boolean known = identity != null && !identity.isAnonymous();
                    audit.record(known ? identity.getPrincipal().getName() : null,
                            known ? identity.getRoles().stream().findFirst().orElse(null) : null,
                            action, resourceId, patient, status);
                })
                .replaceWithVoid();
    }

    private static String template(UriInfo uri, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        List<String> templates = uri.getMatchedURIs();
        if (method == null || resource.getResourceClass() == null) {
            return uri.getPath();
        }
        String base = resource.getResourceClass().isAnnotationPresent(jakarta.ws.rs.Path.class)
                ? resource.getResourceClass().getAnnotation(jakarta.ws.rs.Path.class).value() : "";
        String sub = method.isAnnotationPresent(jakarta.ws.rs.Path.class) ? method.getAnnotation(jakarta.ws.rs.Path.class).value() : "";
        String joined = (base + (sub.isEmpty() || sub.startsWith("/") || base.endsWith("/") ? "" : "/") + sub);
        return joined.isEmpty() ? String.join("/", templates) : joined;
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
