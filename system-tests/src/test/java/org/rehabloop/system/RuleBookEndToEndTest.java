package org.rehabloop.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rehabloop.contracts.AdjustmentOutcome;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.AutoAdjust;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.PainKind;
import org.rehabloop.contracts.Severity;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.rehabloop.contracts.AdjustmentType.ADVANCE_PHASE;
import static org.rehabloop.contracts.AdjustmentType.DELOAD;
import static org.rehabloop.contracts.AdjustmentType.HOLD;
import static org.rehabloop.contracts.AdjustmentType.PROGRESS;
import static org.rehabloop.contracts.AdjustmentType.SUBSTITUTE;
import static org.rehabloop.contracts.AutoAdjust.ALL;
import static org.rehabloop.contracts.AutoAdjust.NONE;
import static org.rehabloop.contracts.AutoAdjust.SAFE;
import static org.rehabloop.contracts.Form.CLEAN;
import static org.rehabloop.contracts.Form.SLIPPED;
import static org.rehabloop.contracts.PainKind.DAILY;
import static org.rehabloop.contracts.PainKind.NEXT_MORNING;
import static org.rehabloop.contracts.Severity.HIGH;
import static org.rehabloop.contracts.Severity.LOW;
import static org.rehabloop.contracts.Severity.MEDIUM;

/**
 * The rule book of RULES.md proved through the running system, one clinician-readable row at a time (see
 * {@link #scenarios()}): every rule fires once with the severity and adjustment it must ask for and stays silent at
 * its boundary, and every adjustment type meets every {@code autoAdjust} policy. Only the public REST APIs and the
 * topics are used: a row issues a programme to a fresh patient, logs back-dated sessions and check-ins to build its
 * history, and reads what the clinician would see ({@code GET /v1/alerts}, the programme, its versions and its
 * pending proposals).
 *
 * <p><b>Time.</b> The rules judge UTC days of event time relative to the moment they run, so each row dates its events
 * relative to one instant taken when its programme was issued ("now - 15 h", "now - 8 days"); whole days keep the
 * time of day and so land on exactly that many UTC days before today. A row that runs across UTC midnight may see its
 * windows shift by a day; the boundaries here are at least a minute (mostly hours) away from their thresholds.
 *
 * <p><b>Proving silence: the sentinel.</b> A row that must stay silent has to know that assessment-service has judged
 * all of its events before it looks. After the row's events the patient posts one more pain check-in, DAILY, pain 0,
 * dated 85 days back: before the start day of every programme here (the oldest starts 30 days back) and outside
 * every window of every rule (the widest reaches 28 days back), so it belongs to no programme
 * ({@code PatientProgram.at} finds none), no rule runs for it and it changes no history. Its Kafka event id
 * ({@code ce_id}, which is what assessment-service's audit trail records as {@code resourceId}, not the check-in id)
 * is read from {@code workout.events} ({@code data.checkInId} = the sentinel's id). The row then polls
 * {@code GET /v1/audit?patientId=} on assessment-service (admin) until that event id appears. This proves the earlier
 * events were judged and committed because:
 * <ul>
 * <li>logging-service publishes a patient's events through its outbox in commit order on one partition (key =
 * patient id), so the sentinel comes after every event of the row;</li>
 * <li>{@code WorkoutEventsConsumer.consume} is {@code @Blocking} (ordered) and {@code @Transactional}: one record of
 * the channel at a time, each committed (alerts and outbox rows included) when the method returns, before the next
 * record starts;</li>
 * <li>a consumed event's audit row is written when its processing starts, before its effect ({@code AuditLog.event}
 * at the top of {@code consume}, or in {@code Inbox.accept} right after the processed-event insert), in a transaction
 * of its own ({@code AuditLog.record}: {@code requiringNew}); so the sentinel's audit row exists only once its
 * processing has started, i.e. after the row's last event was committed. Were the audit row ever written in the
 * consumer's own transaction instead, it would appear when the sentinel was committed: later still, so the proof
 * holds either way.</li>
 * </ul>
 * The row then waits one more second (the sentinel's own processing, alert reads) and, for the PRG rules whose
 * effect is one more hop away, looks for any {@code AdjustmentRequested} of the rule on {@code plan.adjustments}
 * (assessment-service's outbox relay is woken by the commit that wrote the request, so it would be there within
 * milliseconds; the row allows 2 s) as well as for a new version or a pending proposal in plan-service.
 *
 * <p><b>Measuring.</b> "ms from event to alert" runs from the start of the POST that logged the row's last event (the
 * successful attempt: logging-service answers 422 until it has learnt the programme, and the row retries) to the
 * moment a poll (every 100 ms) first saw the expected alert; for PRG rules and for the policy lines, to the moment the
 * new version or the pending proposal was first seen.
 *
 * <p>Rows run four at a time, each with its own patient and clinician; a table of the results is printed at the end
 * (and written to {@code target/rule-book.txt}).
 */
class RuleBookEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final int THREADS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> RULES = List.of("OVL-PAIN-DURING", "OVL-PAIN-NEXT-MORNING", "OVL-PAIN-TREND",
            "OVL-FORM-BREAKDOWN", "OVL-SELF-PROGRESSION", "OVL-EFFORT", "OVL-LOAD-SPIKE", "STL-PLATEAU", "STL-PAIN",
            "STL-ADHERENCE", "PRG-2FOR2", "PRG-PHASE");

    private static RunningSystem system;
    private static TopicTap tap;
    private static ExecutorService pool;
    private static final List<Scenario> ROWS = scenarios();
    private static final Map<Integer, Result> RESULTS = new ConcurrentHashMap<>();

    // ------------------------------------------------------------------------------------------------------------
    // The rule book, row by row. Times are "ago" from the moment the row's programme was issued.
    // A programme starts in phase 1 (clamshell and side-lying-hip-abduction 2 x 15 per side, stretches, vibration);
    // advancePhase() is the clinician's own ADVANCE_PHASE (version 2: single-leg-deadlift 3 x 10 per side at 4 kg,
    // hip-thrust 3 x 12 at 0 kg). Unless a row says otherwise a session is RPE 5, 30 min, painBefore 2.
    // ------------------------------------------------------------------------------------------------------------
    static List<Scenario> scenarios() {
        return List.of(
                // OVL-PAIN-DURING: painDuring > 5 -> DELOAD that exercise; HIGH from 8, else MEDIUM
                row("OVL-PAIN-DURING", "pain 6/10 during clamshell", SAFE, startedDaysAgo(0),
                        steps(session(hours(1), clamshell(6, CLEAN, "15 15"))),
                        alert(MEDIUM, DELOAD, "clamshell").applied(2, sets("clamshell", 1))),
                row("OVL-PAIN-DURING", "pain 8/10 during clamshell", SAFE, startedDaysAgo(0),
                        steps(session(hours(1), clamshell(8, CLEAN, "15 15"))),
                        alert(HIGH, DELOAD, "clamshell").applied(2, sets("clamshell", 1))),
                row("OVL-PAIN-DURING", "pain 5/10 is not above 5", SAFE, startedDaysAgo(0),
                        steps(session(hours(1), clamshell(5, CLEAN, "15 15"))),
                        silent()),

                // OVL-PAIN-NEXT-MORNING: NEXT_MORNING pain >= painBefore of the latest session in the 36 h before + 2
                // -> HOLD that session's exercises; DELOAD when it is the second time in 14 days
                row("OVL-PAIN-NEXT-MORNING", "painBefore 3, 15 h later morning pain 5 (+2)", SAFE, startedDaysAgo(2),
                        steps(session(hours(15).plusMinutes(1), clamshell(1, CLEAN, "15 15"), sideLying(1, CLEAN, "15 15"))
                                        .withPainBefore(3),
                                checkIn(minutes(1), 5, NEXT_MORNING)),
                        alert(MEDIUM, HOLD, "clamshell", "side-lying-hip-abduction")
                                .applied(3, dose("clamshell", 2, 15), dose("side-lying-hip-abduction", 2, 15))),
                row("OVL-PAIN-NEXT-MORNING", "painBefore 3, 15 h later morning pain 4 (+1)", SAFE, startedDaysAgo(2),
                        steps(session(hours(15).plusMinutes(1), clamshell(1, CLEAN, "15 15"), sideLying(1, CLEAN, "15 15"))
                                        .withPainBefore(3),
                                checkIn(minutes(1), 4, NEXT_MORNING)),
                        silent()),
                row("OVL-PAIN-NEXT-MORNING", "second unsettled morning in 14 days (5 days later, another session)", SAFE,
                        startedDaysAgo(6),
                        steps(session(days(5).plusHours(15).plusMinutes(1), clamshell(1, CLEAN, "15 15")).withPainBefore(3),
                                checkIn(days(5).plusMinutes(1), 5, NEXT_MORNING),
                                awaitOutcome("OVL-PAIN-NEXT-MORNING", "clamshell"), // the first time: HOLD, version 2
                                session(hours(15).plusMinutes(1), clamshell(1, CLEAN, "15 15")).withPainBefore(3),
                                checkIn(minutes(1), 5, NEXT_MORNING)),
                        alert(MEDIUM, DELOAD, "clamshell").applied(3, sets("clamshell", 1))),

                // OVL-PAIN-TREND: weekly mean pain rose by >= 1.0 over the week before, two weeks running
                // -> DELOAD every STRENGTH and FUNCTIONAL exercise
                row("OVL-PAIN-TREND", "phase 2, weekly mean pain 1 -> 2 -> 3 (+1.0, +1.0)", SAFE,
                        startedDaysAgo(21).perWeek(1),
                        steps(advancePhase(),
                                session(days(15), clamshell(1, CLEAN, "15 15")),
                                session(days(8), clamshell(2, CLEAN, "15 15")),
                                session(days(1), clamshell(3, CLEAN, "15 15"))),
                        alert(MEDIUM, DELOAD, "single-leg-deadlift", "hip-thrust")
                                .applied(4, load("single-leg-deadlift", "3.5"), sets("hip-thrust", 2))),
                row("OVL-PAIN-TREND", "phase 2, weekly mean pain 1 -> 2 -> 2.5 (+1.0, +0.5)", SAFE,
                        startedDaysAgo(21).perWeek(1),
                        steps(advancePhase(),
                                session(days(15), clamshell(1, CLEAN, "15 15")),
                                session(days(8), clamshell(2, CLEAN, "15 15")),
                                checkIn(days(1).plusHours(1), 2, DAILY),
                                session(days(1), clamshell(3, CLEAN, "15 15"))),
                        silent()),

                // OVL-FORM-BREAKDOWN: SLIPPED on the same exercise in 2 consecutive sessions -> DELOAD it
                row("OVL-FORM-BREAKDOWN", "clamshell SLIPPED, SLIPPED", SAFE, startedDaysAgo(3),
                        steps(session(days(2), clamshell(1, SLIPPED, "15 15")),
                                session(days(1), clamshell(1, SLIPPED, "15 15"))),
                        alert(MEDIUM, DELOAD, "clamshell").applied(2, sets("clamshell", 1))),
                row("OVL-FORM-BREAKDOWN", "clamshell SLIPPED, CLEAN, SLIPPED (not consecutive)", SAFE, startedDaysAgo(4),
                        steps(session(days(3), clamshell(1, SLIPPED, "15 15")),
                                session(days(2), clamshell(1, CLEAN, "15 15")),
                                session(days(1), clamshell(1, SLIPPED, "15 15"))),
                        silent()),

                // OVL-SELF-PROGRESSION: load > prescription + 10% -> HOLD; MEDIUM if that entry SLIPPED, else LOW
                row("OVL-SELF-PROGRESSION", "deadlift at 4.5 kg, prescribed 4 kg (+12.5%)", SAFE, startedDaysAgo(1),
                        steps(advancePhase(), session(hours(1), deadlift(1, CLEAN, "10@4.5 10@4.5 10@4.5"))),
                        alert(LOW, HOLD, "single-leg-deadlift")
                                .applied(3, load("single-leg-deadlift", "4.0"), holdNoted("single-leg-deadlift"))),
                row("OVL-SELF-PROGRESSION", "deadlift at 6 kg with form SLIPPED", SAFE, startedDaysAgo(1),
                        steps(advancePhase(), session(hours(1), deadlift(1, SLIPPED, "10@6 10@6 10@6"))),
                        alert(MEDIUM, HOLD, "single-leg-deadlift").applied(3, load("single-leg-deadlift", "4.0"))),
                row("OVL-SELF-PROGRESSION", "deadlift at 4.4 kg (+10%, not more)", SAFE, startedDaysAgo(1),
                        steps(advancePhase(), session(hours(1), deadlift(1, CLEAN, "10@4.4 10@4.4 10@4.4"))),
                        silent()),

                // OVL-EFFORT: sessionRpe >= 9 twice running -> HOLD; an exercise < 80% of its prescribed total twice
                // running -> DELOAD it. LOW.
                row("OVL-EFFORT", "sessionRpe 9, 9 (RPE only)", SAFE, startedDaysAgo(3),
                        steps(session(days(2), clamshell(1, CLEAN, "15 15")).withRpe(9),
                                session(days(1), clamshell(1, CLEAN, "15 15")).withRpe(9)),
                        alert(LOW, HOLD, "clamshell").applied(2, dose("clamshell", 2, 15), holdNoted("clamshell"))),
                row("OVL-EFFORT", "sessionRpe 9, 8", SAFE, startedDaysAgo(3),
                        steps(session(days(2), clamshell(1, CLEAN, "15 15")).withRpe(9),
                                session(days(1), clamshell(1, CLEAN, "15 15")).withRpe(8)),
                        silent()),
                row("OVL-EFFORT", "clamshell 23 of 30 a side (77%), twice", SAFE, startedDaysAgo(3),
                        steps(session(days(2), clamshell(1, CLEAN, "12 11")),
                                session(days(1), clamshell(1, CLEAN, "12 11"))),
                        alert(LOW, DELOAD, "clamshell").applied(2, sets("clamshell", 1))),
                row("OVL-EFFORT", "clamshell 24 of 30 (80%) then 23 of 30: short once", SAFE, startedDaysAgo(3),
                        steps(session(days(2), clamshell(1, CLEAN, "12 12")),
                                session(days(1), clamshell(1, CLEAN, "12 11"))),
                        silent()),

                // OVL-LOAD-SPIKE: >= 28 days of history, 7-day load / (28-day load / 4) >= 1.5 -> LOW, no adjustment
                row("OVL-LOAD-SPIKE", "first session 28 days ago, ratio 450 x 4 / 1200 = 1.50", SAFE,
                        startedDaysAgo(30).perWeek(4),
                        steps(easySessions(28, 20, 19, 18, 17, 16, 6, 5, 4)),
                        flag(LOW)),
                row("OVL-LOAD-SPIKE", "first session 28 days ago, ratio 450 x 4 / 1350 = 1.33", SAFE,
                        startedDaysAgo(30).perWeek(4),
                        steps(easySessions(28, 21, 20, 19, 18, 17, 16, 6, 5, 4)),
                        silent()),

                // STL-PLATEAU: >= 6 sessions over >= 21 days, best set of the last 3 no better than of the 3 before
                // -> LOW, SUBSTITUTE with the harder variation (clamshell -> banded-clamshell)
                row("STL-PLATEAU", "6 clamshell sessions over 21 days, best set 15 throughout", SAFE, startedDaysAgo(30),
                        steps(easySessions(22, 18, 14, 10, 6, 1)),
                        alert(LOW, SUBSTITUTE, "clamshell").replacing("banded-clamshell").proposed(1)),
                row("STL-PLATEAU", "6 clamshell sessions over 20 days", SAFE, startedDaysAgo(30),
                        steps(easySessions(21, 17, 13, 9, 5, 1)),
                        silent()),

                // STL-PAIN: >= 28 days in, mean pain of the last 14 days not >= 1.0 lower than of the first 14 -> MEDIUM
                row("STL-PAIN", "day 28, mean pain 5 then 4.5 (0.5 lower)", SAFE, startedDaysAgo(28),
                        steps(session(days(27), clamshell(5, CLEAN, "15 15")),
                                session(days(2), clamshell(4, CLEAN, "15 15"), sideLying(5, CLEAN, "15 15"))),
                        flag(MEDIUM)),
                row("STL-PAIN", "day 28, mean pain 5 then 4 (1.0 lower)", SAFE, startedDaysAgo(28),
                        steps(session(days(27), clamshell(5, CLEAN, "15 15")),
                                session(days(2), clamshell(4, CLEAN, "15 15"))),
                        silent()),

                // STL-ADHERENCE: after 7 days, none for 3 x 7 / sessionsPerWeek days -> MEDIUM; else sessions of the
                // last 14 days (prorated while younger) < 70% of the prescribed -> LOW
                row("STL-ADHERENCE", "3/week, day 10, last session 7 d 1 h ago (3 missed in a row)", SAFE,
                        startedDaysAgo(10),
                        steps(session(days(7).plusHours(1), clamshell(1, CLEAN, "15 15"))),
                        flag(MEDIUM)),
                row("STL-ADHERENCE", "3/week, day 10, last session 6 d 23 h 57 min ago: LOW, not MEDIUM", SAFE,
                        startedDaysAgo(10),
                        steps(session(days(7).minusMinutes(3), clamshell(1, CLEAN, "15 15"))),
                        flag(LOW)),
                row("STL-ADHERENCE", "1/week, day 10, 1 session of 1.43 prescribed (69%)", SAFE,
                        startedDaysAgo(10).perWeek(1),
                        steps(session(days(1), clamshell(1, CLEAN, "15 15"))),
                        flag(LOW)),
                row("STL-ADHERENCE", "1/week, day 9, 1 session of 1.29 prescribed (77%)", SAFE,
                        startedDaysAgo(9).perWeek(1),
                        steps(session(days(1), clamshell(1, CLEAN, "15 15"))),
                        silent()),

                // PRG-2FOR2: in each of the last 2 sessions the last set >= target + 2 and the entry meets -> PROGRESS
                row("PRG-2FOR2", "clamshell 15, 17 (target 15 + 2) twice", SAFE, startedDaysAgo(3),
                        steps(session(days(2), clamshell(1, CLEAN, "15 17")),
                                session(days(1), clamshell(1, CLEAN, "15 17"))),
                        progress(PROGRESS, "clamshell").applied(2, target("clamshell", 17))),
                row("PRG-2FOR2", "clamshell 15, 17 then 15, 16 (+1)", SAFE, startedDaysAgo(3),
                        steps(session(days(2), clamshell(1, CLEAN, "15 17")),
                                session(days(1), clamshell(1, CLEAN, "15 16"))),
                        silent()),

                // PRG-PHASE: minimum length over (phase 1: 2 weeks), adherence >= 80%, last 2 sessions met -> ADVANCE_PHASE
                row("PRG-PHASE", "phase 1 for 14 days, 5 sessions of 6 prescribed (83%)", SAFE, startedDaysAgo(14),
                        steps(easySessions(13, 10, 7, 4, 1)),
                        progress(ADVANCE_PHASE, null).proposed(1)),
                row("PRG-PHASE", "phase 1 for 13 days, 5 sessions of 5.57 prescribed (90%)", SAFE, startedDaysAgo(13),
                        steps(easySessions(12, 10, 7, 4, 1)),
                        silent()),

                // Every adjustment type under the other two policies (SAFE is in the rows above).
                policyRow("OVL-PAIN-DURING", "DELOAD under NONE: proposed", NONE, startedDaysAgo(0),
                        steps(session(hours(1), clamshell(6, CLEAN, "15 15"))),
                        alert(MEDIUM, DELOAD, "clamshell").proposed(1)),
                policyRow("OVL-PAIN-DURING", "DELOAD under ALL: applied", ALL, startedDaysAgo(0),
                        steps(session(hours(1), clamshell(6, CLEAN, "15 15"))),
                        alert(MEDIUM, DELOAD, "clamshell").applied(2, sets("clamshell", 1))),
                policyRow("OVL-EFFORT", "HOLD under NONE: proposed", NONE, startedDaysAgo(3),
                        steps(session(days(2), clamshell(1, CLEAN, "15 15")).withRpe(9),
                                session(days(1), clamshell(1, CLEAN, "15 15")).withRpe(9)),
                        alert(LOW, HOLD, "clamshell").proposed(1)),
                policyRow("OVL-EFFORT", "HOLD under ALL: applied", ALL, startedDaysAgo(3),
                        steps(session(days(2), clamshell(1, CLEAN, "15 15")).withRpe(9),
                                session(days(1), clamshell(1, CLEAN, "15 15")).withRpe(9)),
                        alert(LOW, HOLD, "clamshell").applied(2, dose("clamshell", 2, 15), holdNoted("clamshell"))),
                policyRow("PRG-2FOR2", "PROGRESS under NONE: proposed", NONE, startedDaysAgo(3),
                        steps(session(days(2), clamshell(1, CLEAN, "15 17")),
                                session(days(1), clamshell(1, CLEAN, "15 17"))),
                        progress(PROGRESS, "clamshell").proposed(1)),
                policyRow("PRG-2FOR2", "PROGRESS under ALL: applied", ALL, startedDaysAgo(3),
                        steps(session(days(2), clamshell(1, CLEAN, "15 17")),
                                session(days(1), clamshell(1, CLEAN, "15 17"))),
                        progress(PROGRESS, "clamshell").applied(2, target("clamshell", 17))),
                policyRow("STL-PLATEAU", "SUBSTITUTE under NONE: proposed", NONE, startedDaysAgo(30),
                        steps(easySessions(22, 18, 14, 10, 6, 1)),
                        alert(LOW, SUBSTITUTE, "clamshell").replacing("banded-clamshell").proposed(1)),
                policyRow("STL-PLATEAU", "SUBSTITUTE under ALL: applied", ALL, startedDaysAgo(30),
                        steps(easySessions(22, 18, 14, 10, 6, 1)),
                        alert(LOW, SUBSTITUTE, "clamshell").replacing("banded-clamshell")
                                .applied(2, present("banded-clamshell"), absent("clamshell"))),
                policyRow("PRG-PHASE", "ADVANCE_PHASE under NONE: proposed", NONE, startedDaysAgo(14),
                        steps(easySessions(13, 10, 7, 4, 1)),
                        progress(ADVANCE_PHASE, null).proposed(1)),
                policyRow("PRG-PHASE", "ADVANCE_PHASE under ALL: applied", ALL, startedDaysAgo(14),
                        steps(easySessions(13, 10, 7, 4, 1)),
                        progress(ADVANCE_PHASE, null).applied(2, phase(2), block("STRENGTH"),
                                present("single-leg-deadlift"), present("hip-thrust"))));
    }

    // ------------------------------------------------------------------------------------------------------------
    // The run
    // ------------------------------------------------------------------------------------------------------------

    @BeforeAll
    static void start() {
        system = RunningSystem.get();
        tap = new TopicTap(system.infrastructure.bootstrapServers(), "workout.events", "plan.adjustments");
        pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "rule-book-row");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void report() throws IOException {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (tap != null) {
            tap.close();
        }
        String table = table();
        System.out.println(table);
        Files.writeString(Path.of("target", "rule-book.txt"), table);
    }

    @TestFactory
    Stream<DynamicTest> ruleBook() {
        List<CompletableFuture<Result>> running = IntStream.range(0, ROWS.size())
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    Result result = new Run(ROWS.get(i)).execute();
                    RESULTS.put(i, result);
                    return result;
                }, pool)).toList();
        return IntStream.range(0, ROWS.size()).mapToObj(i -> DynamicTest.dynamicTest(ROWS.get(i).title(), () -> {
            Result result;
            try {
                result = running.get(i).get();
            } catch (ExecutionException e) {
                throw e.getCause();
            }
            if (result.failure() != null) {
                throw result.failure();
            }
        }));
    }

    /** One row against the running system, with its own patient and clinician. */
    private static final class Run {
        private final Scenario row;
        private final UUID patient = UUID.randomUUID();
        private final UUID clinician = UUID.randomUUID();
        private final UUID admin = UUID.randomUUID();
        private String programId;
        private int version = 1;
        private Instant anchor;
        private long triggerNanos;

        Run(Scenario row) {
            this.row = row;
        }

        Result execute() {
            try {
                issue();
                anchor = Instant.now();
                for (Step step : row.steps()) {
                    if (step instanceof Session s) {
                        triggerNanos = postSession(s);
                    } else if (step instanceof CheckIn c) {
                        triggerNanos = postCheckIn(UUID.randomUUID(), anchor.minus(c.ago()), c.pain(), c.kind());
                    } else if (step instanceof AdvancePhase) {
                        advancePhase();
                    } else if (step instanceof AwaitOutcome a) {
                        poll("the outcome of " + a.rule() + " on " + a.exercise(), this::alerts,
                                alerts -> stream(alerts).anyMatch(x -> a.rule().equals(text(x, "ruleCode"))
                                        && a.exercise().equals(text(x, "exerciseCode"))
                                        && text(x.path("adjustment"), "outcome") != null),
                                RuleBookEndToEndTest::describeAlerts);
                    }
                }
                Result result = row.expect().fires() ? fired() : silent();
                return result.withOthers(otherAlerts());
            } catch (Throwable e) {
                return new Result(row, e, null, null, "FAILED: " + firstLine(e), programId == null ? "-" : otherAlerts());
            }
        }

        private String otherAlerts() {
            try {
                String others = stream(alerts()).filter(a -> !row.rule().equals(text(a, "ruleCode")))
                        .map(a -> text(a, "ruleCode") + "/" + text(a, "severity")).distinct().collect(Collectors.joining(", "));
                return others.isEmpty() ? "-" : others;
            } catch (RuntimeException | AssertionError e) {
                return "?";
            }
        }

        private Result fired() {
            Expect x = row.expect();
            Long alertMs = null;
            if (!row.isProgressRule()) {
                poll(row.rule() + " alerts " + x.describeAlerts(), this::alerts,
                        a -> x.alertExercises().stream().allMatch(ex -> matching(a, ex) != null),
                        RuleBookEndToEndTest::describeAlerts);
                alertMs = msSince(triggerNanos);
                if (x.type() == null) {
                    return new Result(row, null, alertMs, null, "none (alert only, clinician review)", null);
                }
                poll("outcome " + x.outcome() + " on every " + row.rule() + " alert", this::alerts,
                        a -> x.alertExercises().stream().allMatch(ex -> matching(a, ex) != null
                                && x.outcome().name().equals(text(matching(a, ex).path("adjustment"), "outcome"))),
                        RuleBookEndToEndTest::describeAlerts);
            }
            Long outcomeMs;
            String outcome;
            if (x.outcome() == AdjustmentOutcome.APPLIED) {
                JsonNode program = poll("programme version " + x.version(), this::program,
                        p -> p.path("version").asInt() >= x.version(), p -> "version " + p.path("version").asInt());
                outcomeMs = msSince(triggerNanos);
                check(program.path("version").asInt() == x.version(),
                        "expected programme version " + x.version() + ", saw " + program.path("version").asInt());
                JsonNode versions = versions();
                boolean recorded = stream(versions).anyMatch(v -> v.path("version").asInt() > 1
                        && x.type().name().equals(text(v, "adjustmentType")) && row.rule().equals(text(v, "ruleCode")));
                check(recorded, "no version records " + x.type() + " by " + row.rule() + ": " + versions);
                for (Check c : x.checks()) {
                    check(c.test().test(program, versions), "programme after " + x.type() + ": expected " + c.label()
                            + "; prescriptions " + describePrescriptions(program));
                }
                outcome = x.type() + " APPLIED -> v" + x.version()
                        + (x.checks().isEmpty() ? "" : ": " + x.checks().stream().map(Check::label).collect(Collectors.joining(", ")));
            } else {
                JsonNode pending = poll("a PENDING " + x.type() + " proposal", this::pendingProposals,
                        p -> stream(p).anyMatch(this::proposalMatches), JsonNode::toString);
                outcomeMs = msSince(triggerNanos);
                int now = program().path("version").asInt();
                check(now == x.version(), "expected the programme to stay at version " + x.version() + ", saw " + now);
                check(stream(pending).filter(this::proposalMatches).count() == 1,
                        "expected one PENDING " + x.type() + " proposal: " + pending);
                outcome = x.type() + " PROPOSED -> v" + x.version() + " kept, PENDING proposal"
                        + (x.replacement() == null ? "" : " (" + x.adjustedExercise() + " -> " + x.replacement() + ")");
            }
            return new Result(row, null, alertMs, outcomeMs, outcome, null);
        }

        private boolean proposalMatches(JsonNode p) {
            Expect x = row.expect();
            return x.type().name().equals(text(p, "type")) && row.rule().equals(text(p, "ruleCode"))
                    && Objects.equals(x.adjustedExercise(), text(p, "exerciseCode"))
                    && (x.replacement() == null || x.replacement().equals(text(p, "replacementCode")));
        }

        private JsonNode matching(JsonNode alerts, String exercise) {
            Expect x = row.expect();
            return stream(alerts).filter(a -> row.rule().equals(text(a, "ruleCode"))
                            && Objects.equals(exercise, text(a, "exerciseCode"))
                            && x.severity().name().equals(text(a, "severity"))
                            && row.category().equals(text(a, "category"))
                            && (x.type() == null ? text(a.path("adjustment"), "type") == null
                                    : x.type().name().equals(text(a.path("adjustment"), "type"))))
                    .findFirst().orElse(null);
        }

        private Result silent() {
            quiesce();
            JsonNode alerts = alerts();
            List<JsonNode> raised = stream(alerts).filter(a -> row.rule().equals(text(a, "ruleCode"))).toList();
            check(raised.isEmpty(), "expected no " + row.rule() + " alert, saw " + describeAlerts(alerts));
            TopicTap.sleep(2_000);
            List<TopicReader.Event> requested = tap.events("plan.adjustments", patient.toString()).stream()
                    .filter(e -> row.rule().equals(e.data().path("ruleCode").asText(null))).toList();
            check(requested.isEmpty(), "expected no adjustment requested by " + row.rule() + ", saw "
                    + requested.stream().map(e -> e.data().toString()).toList());
            int now = program().path("version").asInt();
            check(now == version, "expected the programme to stay at version " + version + ", saw " + now);
            List<JsonNode> proposals = stream(pendingProposals()).filter(p -> row.rule().equals(text(p, "ruleCode"))).toList();
            check(proposals.isEmpty(), "expected no PENDING proposal from " + row.rule() + ", saw " + proposals);
            return new Result(row, null, null, null, "silent: no alert, no request, v" + version + " kept", null);
        }

        /** The sentinel (see the class comment): returns once assessment-service has judged every earlier event. */
        private void quiesce() {
            UUID sentinel = UUID.randomUUID();
            postCheckIn(sentinel, anchor.minus(days(85)), 0, DAILY);
            TopicReader.Event event = tap.await("workout.events", patient.toString(),
                    e -> sentinel.toString().equals(e.data().path("checkInId").asText(null)), WAIT);
            String eventId = event.headers().get("ce_id");
            poll("assessment-service's audit row of the sentinel event " + eventId,
                    () -> json(as("admin", admin, "assessment-service").queryParam("patientId", patient)
                            .queryParam("limit", 1000).get("/v1/audit"), 200),
                    audit -> stream(audit).anyMatch(a -> eventId.equals(text(a, "resourceId"))),
                    audit -> audit.size() + " audit rows");
            TopicTap.sleep(1_000);
        }

        private void issue() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("patientId", patient);
            body.put("templateCode", "hip-strength-knee-pain");
            body.put("startDate", LocalDate.now(ZoneOffset.UTC).minusDays(row.programme().startDaysAgo()).toString());
            body.put("sessionsPerWeek", row.programme().sessionsPerWeek());
            body.put("autoAdjust", row.policy().name());
            JsonNode program = json(as("clinician", clinician, "plan-service").body(body).post("/v1/programs"), 201);
            programId = program.path("id").asText();
            check(program.path("version").asInt() == 1 && row.policy().name().equals(text(program, "autoAdjust")),
                    "unexpected programme " + program);
        }

        /** The clinician's own ADVANCE_PHASE; returns once logging- and assessment-service know version 2. */
        private void advancePhase() {
            json(as("clinician", clinician, "plan-service")
                    .body(Map.of("type", "ADVANCE_PHASE", "reason", "rule book: loaded exercises for this row"))
                    .post("/v1/programs/" + programId + "/adjustments"), 201);
            version = program().path("version").asInt();
            check(version == 2, "expected version 2 after ADVANCE_PHASE, saw " + version);
            poll("assessment-service to learn version " + version, () -> {
                Response r = as("clinician", clinician, "assessment-service").get("/v1/patients/" + patient + "/assessment");
                return r.statusCode() == 200 ? json(r, 200) : JSON.createObjectNode();
            }, a -> a.path("programVersion").asInt() == version, JsonNode::toString);
        }

        private long postSession(Session s) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", UUID.randomUUID());
            body.put("programId", programId);
            body.put("programVersion", version);
            body.put("performedAt", anchor.minus(s.ago()).toString());
            body.put("durationMinutes", s.minutes());
            body.put("sessionRpe", s.rpe());
            body.put("painBefore", s.painBefore());
            body.put("exercises", s.exercises());
            return post("/v1/patients/" + patient + "/sessions", body);
        }

        private long postCheckIn(UUID id, Instant at, int pain, PainKind kind) {
            return post("/v1/patients/" + patient + "/pain-checkins",
                    Map.of("id", id, "at", at.toString(), "pain", pain, "kind", kind.name()));
        }

        /** POSTs as the patient until 201 (422 while logging-service has not learnt the programme or version). */
        private long post(String path, Object body) {
            Instant deadline = Instant.now().plus(WAIT);
            while (true) {
                long started = System.nanoTime();
                Response r = as("patient", patient, "logging-service").body(body).post(path);
                if (r.statusCode() == 201) {
                    return started;
                }
                if (r.statusCode() != 422 || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("POST " + path + " answered " + r.statusCode() + ": " + r.asString());
                }
                TopicTap.sleep(100);
            }
        }

        private JsonNode alerts() {
            return json(as("clinician", clinician, "assessment-service").queryParam("patientId", patient)
                    .queryParam("limit", 200).get("/v1/alerts"), 200).path("items");
        }

        private JsonNode program() {
            return json(as("clinician", clinician, "plan-service").get("/v1/programs/" + programId), 200);
        }

        private JsonNode versions() {
            return json(as("clinician", clinician, "plan-service").get("/v1/programs/" + programId + "/versions"), 200);
        }

        private JsonNode pendingProposals() {
            return json(as("clinician", clinician, "plan-service").queryParam("status", "PENDING")
                    .get("/v1/programs/" + programId + "/proposals"), 200);
        }

        private RequestSpecification as(String role, UUID subject, String service) {
            return given().baseUri(system.url(service)).auth().oauth2(system.tokens.mint(role, subject))
                    .contentType(ContentType.JSON);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The table at the end
    // ------------------------------------------------------------------------------------------------------------

    private static String table() {
        List<Result> results = IntStream.range(0, ROWS.size()).mapToObj(i -> RESULTS.getOrDefault(i,
                new Result(ROWS.get(i), new AssertionError("did not run"), null, null, "did not run", "-"))).toList();
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("rule", "fired", "silent at boundary", "adjustment outcome", "ms from event to alert"));
        for (String rule : RULES) {
            List<Result> ofRule = results.stream().filter(r -> r.row().rule().equals(rule) && !r.row().policyOnly()).toList();
            List<Result> fires = ofRule.stream().filter(r -> r.row().expect().fires()).toList();
            List<Result> silences = ofRule.stream().filter(r -> !r.row().expect().fires()).toList();
            lines.add(List.of(rule, verdict(fires), verdict(silences),
                    fires.stream().map(Result::outcome).distinct().collect(Collectors.joining("; ")),
                    fires.stream().map(r -> ms(rule.startsWith("PRG-") ? r.outcomeMs() : r.alertMs()))
                            .collect(Collectors.joining(" / "))));
        }
        for (AdjustmentType type : List.of(DELOAD, HOLD, PROGRESS, SUBSTITUTE, ADVANCE_PHASE)) {
            for (AutoAdjust policy : AutoAdjust.values()) {
                List<Result> cell = results.stream().filter(r -> r.row().expect().fires()
                        && r.row().expect().type() == type && r.row().policy() == policy).toList();
                String expected = appliesAutomatically(policy, type) ? "APPLIED" : "PROPOSED";
                lines.add(List.of(type + " x " + policy, verdict(cell) + " (expected " + expected + ")", "-",
                        cell.stream().map(r -> r.row().rule() + ": " + r.outcome()).collect(Collectors.joining("; ")),
                        cell.stream().map(r -> ms(r.outcomeMs())).collect(Collectors.joining(" / "))));
            }
        }
        StringBuilder out = new StringBuilder("\nRule book, end to end (" + ROWS.size() + " rows)\n");
        out.append(render(lines));
        out.append("\nRows\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("#", "rule", "case", "policy", "expected", "result", "ms alert", "ms outcome", "other alerts raised"));
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            rows.add(List.of(String.valueOf(i + 1), r.row().rule(), r.row().name(), r.row().policy().name(),
                    r.row().expect().describe(), r.failure() == null ? "PASS " + r.outcome() : "FAIL " + firstLine(r.failure()),
                    ms(r.alertMs()), ms(r.outcomeMs()), String.valueOf(r.others())));
        }
        out.append(render(rows));
        return out.toString();
    }

    private static String verdict(List<Result> results) {
        if (results.isEmpty()) {
            return "-";
        }
        List<Result> failed = results.stream().filter(r -> r.failure() != null).toList();
        String cases = results.stream().map(r -> r.row().name()).collect(Collectors.joining("; "));
        return failed.isEmpty() ? "yes (" + results.size() + "/" + results.size() + ": " + cases + ")"
                : "NO (" + (results.size() - failed.size()) + "/" + results.size() + "; failed: "
                        + failed.stream().map(r -> r.row().name() + ": " + firstLine(r.failure())).collect(Collectors.joining("; ")) + ")";
    }

    private static String render(List<List<String>> lines) {
        int columns = lines.get(0).size();
        int[] width = new int[columns];
        for (List<String> line : lines) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.min(140, Math.max(width[c], line.get(c).length()));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : lines) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                cells.add(c == columns - 1 ? line.get(c) : String.format("%-" + width[c] + "s", line.get(c)));
            }
            out.append(String.join(" | ", cells).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** The policy of RULES.md (what the rows expect, not plan-service's code). */
    private static boolean appliesAutomatically(AutoAdjust policy, AdjustmentType type) {
        return policy == ALL || policy == SAFE && (type == DELOAD || type == HOLD || type == PROGRESS);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The vocabulary of the table
    // ------------------------------------------------------------------------------------------------------------

    /** A row a clinician can read: the rule, the case, the programme's policy, what the patient logs, and what must follow. */
    record Scenario(String rule, String name, AutoAdjust policy, Programme programme, List<Step> steps, Expect expect,
            boolean policyOnly) {
        String title() {
            return rule + ": " + name + " [" + policy + "] -> " + expect.describe();
        }

        boolean isProgressRule() {
            return rule.startsWith("PRG-");
        }

        String category() {
            return rule.startsWith("OVL-") ? "OVERLOAD" : "STALLED";
        }
    }

    /** The programme issued for the row: its start day (days before today, UTC) and sessions per week. */
    record Programme(int startDaysAgo, int sessionsPerWeek) {
        Programme perWeek(int n) {
            return new Programme(startDaysAgo, n);
        }
    }

    sealed interface Step permits Session, CheckIn, AdvancePhase, AwaitOutcome {
    }

    /** A session logged by the patient; {@code ago} before the row's moment. */
    record Session(Duration ago, int rpe, int painBefore, int minutes, List<Map<String, Object>> exercises) implements Step {
        Session withRpe(int value) {
            return new Session(ago, value, painBefore, minutes, exercises);
        }

        Session withPainBefore(int value) {
            return new Session(ago, rpe, value, minutes, exercises);
        }
    }

    record CheckIn(Duration ago, int pain, PainKind kind) implements Step {
    }

    /** The clinician advances the programme to phase 2 by hand (version 2), so that loaded exercises are prescribed. */
    record AdvancePhase() implements Step {
    }

    /** Waits until the adjustment of the rule's alert on the exercise has an outcome (plan-service decided). */
    record AwaitOutcome(String rule, String exercise) implements Step {
    }

    /** A check of the programme (and its versions) after an applied adjustment. */
    record Check(String label, BiPredicate<JsonNode, JsonNode> test) {
    }

    /**
     * What must follow: the rule fires (an alert of that severity on those exercises asking for that adjustment,
     * or for PRG rules the adjustment itself) and plan-service applies it (version, checks) or proposes it; or the
     * rule stays silent.
     */
    record Expect(boolean fires, Severity severity, List<String> alertExercises, AdjustmentType type,
            String adjustedExercise, AdjustmentOutcome outcome, int version, List<Check> checks, String replacement) {
        Expect applied(int atVersion, Check... expected) {
            return new Expect(fires, severity, alertExercises, type, adjustedExercise, AdjustmentOutcome.APPLIED, atVersion,
                    List.of(expected), replacement);
        }

        Expect proposed(int keptVersion) {
            return new Expect(fires, severity, alertExercises, type, adjustedExercise, AdjustmentOutcome.PROPOSED,
                    keptVersion, List.of(), replacement);
        }

        Expect replacing(String code) {
            return new Expect(fires, severity, alertExercises, type, adjustedExercise, outcome, version, checks, code);
        }

        String describeAlerts() {
            return severity + " " + (type == null ? "no adjustment" : type.name()) + " on " + alertExercises;
        }

        String describe() {
            if (!fires) {
                return "silent";
            }
            String what = severity == null ? type + (adjustedExercise == null ? "" : " " + adjustedExercise)
                    : describeAlerts();
            return what + (outcome == null ? "" : ", " + outcome + (outcome == AdjustmentOutcome.APPLIED ? " v" + version : ""));
        }
    }

    /** What a row showed; {@code others}: the alerts of other rules its history raised on the way (for the reader). */
    record Result(Scenario row, Throwable failure, Long alertMs, Long outcomeMs, String outcome, String others) {
        Result withOthers(String seen) {
            return new Result(row, failure, alertMs, outcomeMs, outcome, seen);
        }
    }

    private static Scenario row(String rule, String name, AutoAdjust policy, Programme programme, List<Step> steps, Expect expect) {
        return new Scenario(rule, name, policy, programme, steps, expect, false);
    }

    private static Scenario policyRow(String rule, String name, AutoAdjust policy, Programme programme, List<Step> steps,
            Expect expect) {
        return new Scenario(rule, name, policy, programme, steps, expect, true);
    }

    private static Programme startedDaysAgo(int days) {
        return new Programme(days, 3);
    }

    private static List<Step> steps(Object... parts) {
        List<Step> steps = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Step step) {
                steps.add(step);
            } else {
                for (Object o : (List<?>) part) {
                    steps.add((Step) o);
                }
            }
        }
        return steps;
    }

    @SafeVarargs
    private static Session session(Duration ago, Map<String, Object>... exercises) {
        return new Session(ago, 5, 2, 30, List.of(exercises));
    }

    /** Sessions RPE 5 x 30 min with clamshell 2 x 15, pain 1, clean: they meet the prescription and change nothing else. */
    private static List<Step> easySessions(int... daysAgo) {
        return Arrays.stream(daysAgo).mapToObj(d -> (Step) session(days(d), clamshell(1, CLEAN, "15 15"))).toList();
    }

    private static CheckIn checkIn(Duration ago, int pain, PainKind kind) {
        return new CheckIn(ago, pain, kind);
    }

    private static AdvancePhase advancePhase() {
        return new AdvancePhase();
    }

    private static AwaitOutcome awaitOutcome(String rule, String exercise) {
        return new AwaitOutcome(rule, exercise);
    }

    private static Expect alert(Severity severity, AdjustmentType type, String... exercises) {
        return new Expect(true, severity, List.of(exercises), type, exercises[0], null, 0, List.of(), null);
    }

    /** An alert without an exercise and without an adjustment: a flag for the clinician. */
    private static Expect flag(Severity severity) {
        return new Expect(true, severity, Collections.singletonList(null), null, null, null, 0, List.of(), null);
    }

    /** A PRG rule's adjustment (no alert). */
    private static Expect progress(AdjustmentType type, String exercise) {
        return new Expect(true, null, List.of(), type, exercise, null, 0, List.of(), null);
    }

    private static Expect silent() {
        return new Expect(false, null, List.of(), null, null, null, 1, List.of(), null);
    }

    private static Map<String, Object> clamshell(int pain, Form form, String sets) {
        return entry("clamshell", form, pain, sets);
    }

    private static Map<String, Object> sideLying(int pain, Form form, String sets) {
        return entry("side-lying-hip-abduction", form, pain, sets);
    }

    private static Map<String, Object> deadlift(int pain, Form form, String sets) {
        return entry("single-leg-deadlift", form, pain, sets);
    }

    /** Sets as space-separated {@code [L|R]count[@kg|@BAND]}, as in the rules' unit tests. */
    private static Map<String, Object> entry(String code, Form form, int pain, String spec) {
        List<Map<String, Object>> sets = new ArrayList<>();
        for (String token : spec.trim().split("\\s+")) {
            Map<String, Object> set = new LinkedHashMap<>();
            String rest = token;
            if (token.startsWith("L") || token.startsWith("R")) {
                set.put("side", token.startsWith("L") ? "LEFT" : "RIGHT");
                rest = token.substring(1);
            }
            String[] parts = rest.split("@", 2);
            set.put("count", Integer.parseInt(parts[0]));
            if (parts.length == 2) {
                if (Character.isDigit(parts[1].charAt(0))) {
                    set.put("loadKg", new BigDecimal(parts[1]));
                } else {
                    set.put("band", parts[1]);
                }
            }
            sets.add(set);
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("exerciseCode", code);
        entry.put("form", form.name());
        entry.put("painDuring", pain);
        entry.put("sets", sets);
        return entry;
    }

    private static Duration days(long n) {
        return Duration.ofDays(n);
    }

    private static Duration hours(long n) {
        return Duration.ofHours(n);
    }

    private static Duration minutes(long n) {
        return Duration.ofMinutes(n);
    }

    // checks of the programme after an applied adjustment

    private static Check sets(String code, int sets) {
        return new Check(code + " " + sets + " set" + (sets == 1 ? "" : "s"),
                (p, v) -> prescription(p, code) != null && prescription(p, code).path("sets").asInt() == sets);
    }

    private static Check target(String code, int target) {
        return new Check(code + " target " + target,
                (p, v) -> prescription(p, code) != null && prescription(p, code).path("target").asInt() == target);
    }

    private static Check dose(String code, int sets, int target) {
        return new Check(code + " still " + sets + " x " + target, (p, v) -> prescription(p, code) != null
                && prescription(p, code).path("sets").asInt() == sets && prescription(p, code).path("target").asInt() == target);
    }

    private static Check load(String code, String kg) {
        return new Check(code + " " + kg + " kg", (p, v) -> prescription(p, code) != null
                && prescription(p, code).path("loadKg").isNumber()
                && prescription(p, code).path("loadKg").decimalValue().compareTo(new BigDecimal(kg)) == 0);
    }

    private static Check present(String code) {
        return new Check(code + " prescribed", (p, v) -> prescription(p, code) != null);
    }

    private static Check absent(String code) {
        return new Check(code + " gone", (p, v) -> prescription(p, code) == null);
    }

    private static Check phase(int number) {
        return new Check("phase " + number, (p, v) -> p.path("phase").path("number").asInt() == number);
    }

    private static Check block(String block) {
        return new Check(block + " exercises", (p, v) -> stream(p.path("prescriptions")).anyMatch(x -> block.equals(text(x, "block"))));
    }

    /** HOLD is recorded in a version of its own whose change of the exercise notes "no progression until". */
    private static Check holdNoted(String code) {
        return new Check("hold recorded on " + code, (p, v) -> stream(v).flatMap(x -> stream(x.path("changes")))
                .anyMatch(c -> code.equals(text(c, "exerciseCode")) && String.valueOf(text(c, "note")).startsWith("no progression until")));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------------------------

    private static JsonNode prescription(JsonNode program, String code) {
        return stream(program.path("prescriptions")).filter(x -> code.equals(text(x, "exerciseCode"))).findFirst().orElse(null);
    }

    private static <T> T poll(String what, Supplier<T> read, Predicate<T> done, Function<T, String> describe) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            T seen = read.get();
            if (done.test(seen)) {
                return seen;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "; saw " + describe.apply(seen));
            }
            TopicTap.sleep(100);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    private static JsonNode json(Response response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected HTTP " + status + ", got " + response.statusCode() + ": " + response.asString());
        }
        try {
            return JSON.readTree(response.asString());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.asString(), e);
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes.stream();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static String describeAlerts(JsonNode alerts) {
        return stream(alerts).map(a -> text(a, "ruleCode") + "/" + text(a, "exerciseCode") + "/" + text(a, "severity")
                + "/" + text(a.path("adjustment"), "type") + "/" + text(a.path("adjustment"), "outcome")).toList().toString();
    }

    private static String describePrescriptions(JsonNode program) {
        return stream(program.path("prescriptions")).map(p -> text(p, "exerciseCode") + " " + p.path("sets").asInt() + "x"
                + p.path("target").asInt() + (text(p, "loadKg") == null ? "" : "@" + text(p, "loadKg"))
                + (text(p, "band") == null ? "" : "@" + text(p, "band"))).toList().toString();
    }

    private static Long msSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String ms(Long ms) {
        return ms == null ? "-" : String.valueOf(ms);
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
