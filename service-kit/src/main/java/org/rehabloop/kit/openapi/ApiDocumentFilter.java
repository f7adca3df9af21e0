package org.rehabloop.kit.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.servers.Server;
import org.rehabloop.kit.problem.Problem;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every service's OpenAPI document shares, written once instead of on each operation: the RFC 9457
 * {@code Problem} schema and the error answers each kind of operation can give (all as
 * {@code application/problem+json}), and the roles that may call each operation.
 * <ul>
 *   <li>every {@code /v1} operation: 401 (no valid token), 403 (a role that may not call it), 500;</li>
 *   <li>with a request body: 400, 413 (over 256 KiB), 415 (not JSON);</li>
 *   <li>with query or header parameters: 400; with path parameters: 404;</li>
 *   <li>any 4xx or 5xx an operation declares without a body gets the {@code Problem} body.</li>
 * </ul>
 * The roles that may call each operation (its {@code @RolesAllowed}) are listed in {@code x-roles} and its description.
 */
public class ApiDocumentFilter implements OASFilter {
    static final String PROBLEM = "Problem";
    static final String VIOLATION = "Violation";
    static final String ROLES = "x-roles";

    private static final Map<String, String> REASONS = Map.of(
            "400", "The request is invalid: a field is missing, out of range, of the wrong type or not one the API defines, or the body is not JSON; `violations` names each bad field",
            "401", "No valid bearer token",
            "403", "The caller's role may never call this operation",
            "404", "Not found, or not the caller's to see (its existence is not revealed)",
            "409", "A conflict with what exists",
            "413", "The request body is larger than 256 KiB",
            "415", "The request body is not `application/json`",
            "422", "Well-formed but not acceptable in context",
            "500", "An unexpected failure; `detail` carries an incident id to quote to the operator");

    /** What Quarkus writes for the 400, 401 and 403 it adds by itself: replaced by the words above. */
    private static final java.util.Set<String> GENERIC = java.util.Set.of("Bad Request", "Not Authorized", "Not Allowed");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.addSchema(VIOLATION, violationSchema());
        components.addSchema(PROBLEM, problemSchema());
        servers(openAPI);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                document(path, item, entry.getKey(), entry.getValue());
            }
        });
        prune(openAPI);
    }

    private void document(String path, PathItem item, PathItem.HttpMethod method, Operation operation) {
        if (!path.startsWith("/v1")) {
            return;
        }
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (operation.getParameters() != null) {
            // path parameters first, in the order of the path (a generated client's method takes them so), then the rest
            List<Parameter> ordered = new ArrayList<>(operation.getParameters());
            ordered.sort(Comparator.comparingInt(p -> p.getIn() == Parameter.In.PATH
                    ? path.indexOf("{" + p.getName() + "}") : Integer.MAX_VALUE));
            operation.setParameters(ordered);
        }
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasInput = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY || p.getIn() == Parameter.In.HEADER);
        boolean hasPathParameter = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH);
        if (hasBody || hasInput) {
            ensure(responses, "400");
        }
        ensure(responses, "401");
        ensure(responses, "403");
        if (hasPathParameter) {
            ensure(responses, "404");
        }
        if (hasBody) {
            ensure(responses, "413");
            ensure(responses, "415");
        }
        ensure(responses, "500");
        // every error answer, declared here or on the operation, is a problem document
        for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
            if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                APIResponse answer = response.getValue();
                if (answer.getDescription() == null || answer.getDescription().isBlank()
                        || GENERIC.contains(answer.getDescription())) {
                    answer.setDescription(REASONS.getOrDefault(response.getKey(), "An error"));
                }
                answer.setContent(problemContent());
            }
        }
        // stable order: the successes, then the errors by status
        Map<String, APIResponse> sorted = new TreeMap<>(responses.getAPIResponses());
        responses.setAPIResponses(new LinkedHashMap<>(sorted));
        roles(operation);
    }

    /**
     * The roles that may call the operation: Quarkus puts the {@code @RolesAllowed} roles into the bearer requirement
     * (as OpenAPI 3.1 allows for any scheme); they are repeated as {@code x-roles} and in the description.
     */
    private static void roles(Operation operation) {
        List<String> roles = new ArrayList<>();
        if (operation.getSecurity() != null) {
            for (SecurityRequirement requirement : operation.getSecurity()) {
                if (requirement.getSchemes() != null) {
                    requirement.getSchemes().values().forEach(r -> r.stream().filter(x -> !roles.contains(x)).forEach(roles::add));
                }
            }
        }
        if (roles.isEmpty()) {
            return;
        }
        operation.addExtension(ROLES, roles);
        String line = "Roles: " + String.join(", ", roles) + ".";
        String description = operation.getDescription();
        if (description == null || !description.contains(line)) {
            operation.setDescription(description == null || description.isBlank() ? line : description + "\n\n" + line);
        }
    }

    /**
     * The service's server, from {@code rehabloop.openapi.server} (a URL in which {@code {host}} stands for the host,
     * defaulting to this machine, where {@code ./rehabloop up} serves it).
     */
    private static void servers(OpenAPI openAPI) {
        Optional<String> url = ConfigProvider.getConfig().getOptionalValue("rehabloop.openapi.server", String.class);
        if (url.isEmpty() || (openAPI.getServers() != null && !openAPI.getServers().isEmpty())) {
            return;
        }
        Server server = OASFactory.createServer().url(url.get()).description("The service");
        if (url.get().contains("{host}")) {
            server.addVariable("host", OASFactory.createServerVariable().defaultValue("localhost")
                    .description("The host the service runs on"));
        }
        openAPI.addServer(server);
    }

    /** Drops the schemas no operation uses (every {@code @Schema(name=...)} class is scanned into every document). */
    private static void prune(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        Set<String> used = new HashSet<>();
        List<Schema> pending = new ArrayList<>();
        openAPI.getPaths().getPathItems().values().forEach(item -> {
            List<Parameter> parameters = new ArrayList<>(item.getParameters() == null ? List.of() : item.getParameters());
            item.getOperations().values().forEach(operation -> {
                if (operation.getParameters() != null) {
                    parameters.addAll(operation.getParameters());
                }
                if (operation.getRequestBody() != null) {
                    contentSchemas(operation.getRequestBody().getContent(), pending);
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().getAPIResponses().values().forEach(r -> {
                        contentSchemas(r.getContent(), pending);
                        if (r.getHeaders() != null) {
                            r.getHeaders().values().forEach(h -> pending.add(h.getSchema()));
                        }
                    });
                }
            });
            parameters.forEach(p -> {
                pending.add(p.getSchema());
                contentSchemas(p.getContent(), pending);
            });
        });
        while (!pending.isEmpty()) {
            Schema schema = pending.remove(pending.size() - 1);
            if (schema == null) {
                continue;
            }
            if (schema.getRef() != null) {
                String name = schema.getRef().substring(schema.getRef().lastIndexOf('/') + 1);
                if (used.add(name) && schemas.containsKey(name)) {
                    pending.add(schemas.get(name));
                }
            }
            if (schema.getProperties() != null) {
                pending.addAll(schema.getProperties().values());
            }
            pending.add(schema.getItems());
            pending.add(schema.getNot());
            pending.add(schema.getAdditionalPropertiesSchema());
            for (List<Schema> list : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf(), schema.getPrefixItems())) {
                if (list != null) {
                    pending.addAll(list);
                }
            }
        }
        new ArrayList<>(schemas.keySet()).stream().filter(name -> !used.contains(name))
                .forEach(openAPI.getComponents()::removeSchema);
    }

    private static void contentSchemas(Content content, List<Schema> pending) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(m -> pending.add(m.getSchema()));
        }
    }

    private static void ensure(APIResponses responses, String status) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(REASONS.get(status)));
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("An RFC 9457 problem detail: every error of every service, as `application/problem+json`.")
                .addProperty("type", string("A URI that identifies the kind of problem; absent means `about:blank`", "uri"))
                .addProperty("title", string("The HTTP reason phrase, such as `Bad Request`", null))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .format("int32").description("The HTTP status").minimum(java.math.BigDecimal.valueOf(400))
                        .maximum(java.math.BigDecimal.valueOf(599)))
                .addProperty("detail", string("What went wrong, in a sentence", null))
                .addProperty("instance", string("The request path", null))
                .addProperty("violations", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .description("For input errors: each bad field and what is wrong with it")
                        .items(OASFactory.createSchema().ref(VIOLATION)))
                .required(List.of("title", "status"))
                .examples(List.of(Map.of("title", "Bad Request", "status", 400,
                        "detail", "The request has invalid fields",
                        "instance", "/v1/patients/00000000-0000-4000-8000-00000000a001/sessions",
                        "violations", List.of(Map.of("field", "exercises[0].painDuring",
                                "message", "must be less than or equal to 10")))));
    }

    private static Schema violationSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("One bad value in a request")
                .addProperty("field", string("The JSON path of the bad value in the body (`exercises[0].painDuring`), "
                        + "a query or header parameter name (`cursor`, `Last-Event-ID`), or `body` when the body as a whole "
                        + "could not be read", null))
                .addProperty("message", string("What is wrong with it", null))
                .required(List.of("field", "message"));
    }

    private static Schema string(String description, String format) {
        Schema schema = OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
        return format == null ? schema : schema.format(format);
    }
}
