package org.rehabloop.apiclient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rehabloop.client.assessment.api.AlertsApi;
import org.rehabloop.client.assessment.model.Alert;
import org.rehabloop.client.assessment.model.AlertCategory;
import org.rehabloop.client.assessment.model.Severity;
import org.rehabloop.client.logging.api.SessionsApi;
import org.rehabloop.client.logging.model.Form;
import org.rehabloop.client.logging.model.LogSessionRequest;
import org.rehabloop.client.logging.model.Session;
import org.rehabloop.client.logging.model.SessionExerciseInput;
import org.rehabloop.client.logging.model.SessionSetInput;
import org.rehabloop.client.plan.api.ProgrammesApi;
import org.rehabloop.client.plan.model.IssueProgrammeRequest;
import org.rehabloop.client.plan.model.Prescription;
import org.rehabloop.client.plan.model.Problem;
import org.rehabloop.client.plan.model.Programme;
import org.rehabloop.client.plan.model.ProgrammeVersion;
import org.rehabloop.infra.EmbeddedInfrastructure;
import org.rehabloop.infra.FreePorts;
import org.rehabloop.infra.JwtKeys;
import org.rehabloop.infra.ServiceProcess;
import org.rehabloop.infra.ServiceProcess.Service;
import org.rehabloop.infra.Tokens;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The README's loop through the Java clients generated from the three services' OpenAPI documents, and nothing
 * else: what an integrator gets by feeding {@code target/openapi/*.yaml} to a generator works as it is.
 */
class GeneratedClientLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static EmbeddedInfrastructure infrastructure;
    private static Tokens tokens;
    private static final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    private final UUID clinician = UUID.randomUUID();
    private final UUID patient = UUID.randomUUID();

    @BeforeAll
    static void start() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path target = Path.of("target").toAbsolutePath();
        JwtKeys keys = JwtKeys.in(target.resolve("jwt"));
        tokens = new Tokens(keys);
        infrastructure = EmbeddedInfrastructure.startTemporary();
        List<ServiceProcess> started = new ArrayList<>();
        for (Service service : Service.ALL) {
            ServiceProcess process = ServiceProcess.start(service, FreePorts.next(), root, infrastructure, keys,
                    target.resolve("service-logs"), Map.of("REHABLOOP_OUTBOX_POLL_INTERVAL", "PT0.5S"));
            started.add(process);
            services.put(service.name(), process);
        }
        CompletableFuture.allOf(started.stream()
                .map(p -> CompletableFuture.runAsync(() -> p.awaitReady(Duration.ofMinutes(3))))
                .toArray(CompletableFuture[]::new)).join();
    }

    @AfterAll
    static void stop() {
        services.values().parallelStream().forEach(ServiceProcess::close);
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    private Consumer<HttpRequest.Builder> bearer(String role, UUID subject) {
        String token = tokens.mint(role, subject);
        return request -> request.header("Authorization", "Bearer " + token);
    }

    private ProgrammesApi programmes(String role, UUID subject) {
        org.rehabloop.client.plan.ApiClient client = new org.rehabloop.client.plan.ApiClient();
        client.updateBaseUri(services.get("plan-service").url());
        client.setRequestInterceptor(bearer(role, subject));
        return new ProgrammesApi(client);
    }

    private SessionsApi sessions(String role, UUID subject) {
        org.rehabloop.client.logging.ApiClient client = new org.rehabloop.client.logging.ApiClient();
        client.updateBaseUri(services.get("logging-service").url());
        client.setRequestInterceptor(bearer(role, subject));
        return new SessionsApi(client);
    }

    private AlertsApi alerts(String role, UUID subject) {
        org.rehabloop.client.assessment.ApiClient client = new org.rehabloop.client.assessment.ApiClient();
        client.updateBaseUri(services.get("assessment-service").url());
        client.setRequestInterceptor(bearer(role, subject));
        return new AlertsApi(client);
    }

    @Test
    void theLoopThroughTheGeneratedClients() throws Exception {
        // 1. the clinician issues the hip-strength programme: 201, version 1, clamshell 2 x 15
        ProgrammesApi plan = programmes("clinician", clinician);
        IssueProgrammeRequest issue = new IssueProgrammeRequest().patientId(patient)
                .templateCode("hip-strength-knee-pain").startDate(LocalDate.now(ZoneOffset.UTC));
        var issued = plan.issueProgrammeWithHttpInfo(issue);
        assertThat(issued.getStatusCode()).isEqualTo(201);
        Programme programme = issued.getData();
        assertThat(programme.getVersion()).isEqualTo(1);
        assertThat(clamshell(programme.getPrescriptions()).getSets()).isEqualTo(2);

        // a second active programme is a 409 whose body reads as the documented Problem
        var conflict = catchThrowableOfType(() -> plan.issueProgramme(issue), org.rehabloop.client.plan.ApiException.class);
        assertThat(conflict.getCode()).isEqualTo(409);
        Problem problem = new org.rehabloop.client.plan.ApiClient().getObjectMapper()
                .readValue(conflict.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getTitle()).isEqualTo("Conflict");

        // 2. the patient logs a session with pain 7/10 during clamshells; logging-service answers 422 until it has
        //    learnt the programme from plan.events, so the phone retries; the same body again is a 200
        SessionsApi log = sessions("patient", patient);
        LogSessionRequest session = new LogSessionRequest().id(UUID.randomUUID()).programId(programme.getId())
                .programVersion(1).performedAt(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS))
                .durationMinutes(30).sessionRpe(6).painBefore(2)
                .exercises(List.of(new SessionExerciseInput().exerciseCode("clamshell").form(Form.CLEAN).painDuring(7)
                        .sets(List.of(new SessionSetInput().count(15), new SessionSetInput().count(15)))));
        await().atMost(WAIT).ignoreExceptionsMatching(e -> e instanceof org.rehabloop.client.logging.ApiException api
                        && api.getCode() == 422)
                .until(() -> log.logSessionWithHttpInfo(patient, session).getStatusCode() == 201);
        var again = log.logSessionWithHttpInfo(patient, session);
        assertThat(again.getStatusCode()).isEqualTo(200);
        Session stored = again.getData();
        assertThat(stored.getId()).isEqualTo(session.getId());

        // 3. the clinician sees the OVL-PAIN-DURING alert (MEDIUM) on clamshell
        AlertsApi dashboard = alerts("clinician", clinician);
        await().atMost(WAIT).until(() -> dashboard.listAlerts(null, null, null, patient, null).getItems().size() == 1);
        Alert alert = dashboard.listAlerts(null, null, null, patient, null).getItems().get(0);
        assertThat(alert.getRuleCode()).isEqualTo("OVL-PAIN-DURING");
        assertThat(alert.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.getCategory()).isEqualTo(AlertCategory.OVERLOAD);
        assertThat(alert.getExerciseCode()).isEqualTo("clamshell");
        assertThat(alert.getEvidence().get(0).getSessionId()).isEqualTo(session.getId());
        assertThat(dashboard.getAlert(alert.getId()).getId()).isEqualTo(alert.getId());

        // 4. plan-service applied the deload (policy SAFE): version 2, clamshell 1 x 15
        await().atMost(WAIT).until(() -> plan.getProgramme(programme.getId()).getVersion() == 2);
        Programme deloaded = plan.getProgramme(programme.getId());
        assertThat(clamshell(deloaded.getPrescriptions()).getSets()).isEqualTo(1);
        List<ProgrammeVersion> versions = plan.listProgrammeVersions(programme.getId());
        assertThat(versions).hasSize(2);
        assertThat(versions.get(1).getChangedBy()).isEqualTo("assessment");
        assertThat(versions.get(1).getRuleCode()).isEqualTo("OVL-PAIN-DURING");
        assertThat(versions.get(1).getAlertId()).isEqualTo(alert.getId());
        // the patient sees the same through their own token
        assertThat(programmes("patient", patient).getActiveProgramme(patient).getVersion()).isEqualTo(2);
    }

    private static Prescription clamshell(List<Prescription> prescriptions) {
        return prescriptions.stream().filter(p -> "clamshell".equals(p.getExerciseCode())).findFirst().orElseThrow();
    }
}
