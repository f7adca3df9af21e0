package org.rehabloop.logging.sync;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.rehabloop.logging.checkin.PainCheckInRequest;
import org.rehabloop.logging.checkin.PainCheckInService;
import org.rehabloop.kit.problem.Problem;
import org.rehabloop.kit.problem.ProblemException;
import org.rehabloop.kit.problem.ProblemMapper;
import org.rehabloop.logging.program.PatientAccess;
import org.rehabloop.kit.security.Roles;
import org.rehabloop.logging.session.LogSessionRequest;
import org.rehabloop.logging.session.SessionService;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An offline phone's batch. Each item is stored in its own transaction with the same idempotency as the single
 * endpoints, in event-time order (so the topic carries the patient's history in the order it happened).
 */
@Path("/v1/patients/{patientId}/sync")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Offline sync", description = "What an offline phone stored, in one batch")
public class SyncResource {
    @Inject
    SessionService sessions;

    @Inject
    PainCheckInService checkIns;

    @Inject
    PatientAccess access;

    @Inject
    Validator validator;

    @Inject
    ObjectMapper json;

    private record Pending(SyncResult.Kind kind, int index, UUID id, Instant at, Object request) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PATIENT)
    @Operation(operationId = "syncOfflineLog", summary = "Upload an offline phone's sessions and check-ins",
            description = "Up to 100 items in all. Each is stored on its own with the idempotency of the single endpoints, in event-time order; "
                    + "the answer has a result per item (201 stored, 200 stored before, or 400/409/422 with the problem).")
    @APIResponse(responseCode = "200", description = "A result per item")
    public SyncResult sync(@PathParam("patientId") UUID patientId, @NotNull SyncRequest request) {
        access.requireSelf(patientId);
        if (request.sessionsOrEmpty().size() + request.checkInsOrEmpty().size() > SyncRequest.MAX_ITEMS) {
            throw ProblemException.badField("sessions", "a batch holds at most " + SyncRequest.MAX_ITEMS + " items in all");
        }
        List<SyncResult.Item> results = new ArrayList<>();
        List<Pending> valid = new ArrayList<>();
        collect(SyncResult.Kind.SESSION, "sessions", LogSessionRequest.class, request.sessionsOrEmpty(), results, valid);
        collect(SyncResult.Kind.CHECK_IN, "checkIns", PainCheckInRequest.class, request.checkInsOrEmpty(), results, valid);
        valid.sort(Comparator.comparing(Pending::at, Comparator.nullsLast(Comparator.naturalOrder())));
        for (Pending item : valid) {
            results.add(store(item, () -> item.kind() == SyncResult.Kind.SESSION
                    ? sessions.log(patientId, (LogSessionRequest) item.request()).created()
                    : checkIns.log(patientId, (PainCheckInRequest) item.request()).created()));
        }
        results.sort(Comparator.comparing(SyncResult.Item::kind).thenComparing(SyncResult.Item::index));
        return SyncResult.of(results);
    }

    private <T> void collect(SyncResult.Kind kind, String field, Class<T> type, List<JsonNode> nodes,
            List<SyncResult.Item> results, List<Pending> valid) {
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            if (node == null || node.isNull()) {
                results.add(refused(kind, i, null, 400, field + "[" + i + "]", "must not be null"));
                continue;
            }
            T item;
            try {
                item = json.treeToValue(node, type);
            } catch (JsonMappingException e) {
                String at = ProblemMapper.jsonPath(e.getPath());
                results.add(refused(kind, i, idOf(node), 400, field + "[" + i + "]" + (at.isEmpty() ? "" : "." + at),
                        ProblemMapper.messageOf(e)));
                continue;
            } catch (JsonProcessingException e) {
                results.add(refused(kind, i, idOf(node), 400, field + "[" + i + "]", "could not be read"));
                continue;
            }
            Set<ConstraintViolation<T>> violations = validator.validate(item);
            UUID id = item instanceof LogSessionRequest s ? s.id() : ((PainCheckInRequest) item).id();
            Instant at = item instanceof LogSessionRequest s ? s.performedAt() : ((PainCheckInRequest) item).at();
            if (violations.isEmpty()) {
                valid.add(new Pending(kind, i, id, at, item));
            } else {
                String prefix = field + "[" + i + "].";
                results.add(new SyncResult.Item(kind, i, id, 400, new Problem(null, "Bad Request", 400,
                        "The item has invalid fields", null, violations.stream()
                        .map(v -> new Problem.Violation(prefix + v.getPropertyPath(), v.getMessage()))
                        .sorted(Comparator.comparing(Problem.Violation::field)).toList())));
            }
        }
    }

    private static SyncResult.Item store(Pending item, Supplier<Boolean> log) {
        try {
            return new SyncResult.Item(item.kind(), item.index(), item.id(), log.get() ? 201 : 200, null);
        } catch (ProblemException e) {
            return new SyncResult.Item(item.kind(), item.index(), item.id(), e.status(),
                    new Problem(null, e.title(), e.status(), e.getMessage(), null, e.violations()));
        }
    }

    /** The client's id of an item that could not be read, when that much of it can. */
    private static UUID idOf(JsonNode node) {
        try {
            return node.hasNonNull("id") && node.get("id").isTextual() ? UUID.fromString(node.get("id").asText()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SyncResult.Item refused(SyncResult.Kind kind, int index, UUID id, int status, String field, String message) {
        return new SyncResult.Item(kind, index, id, status, new Problem(null, "Bad Request", status, message, null,
                List.of(new Problem.Violation(field, message))));
    }
}
