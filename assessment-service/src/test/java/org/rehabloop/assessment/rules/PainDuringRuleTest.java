package org.rehabloop.assessment.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rehabloop.contracts.AdjustmentType;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.Phase;
import org.rehabloop.contracts.Severity;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PainDuringRuleTest {
    private final PainDuringRule rule = new PainDuringRule(5, 8);

    @ParameterizedTest(name = "pain {0} -> {1}")
    @CsvSource(nullValues = "-", value = {"0, -", "5, -", "6, MEDIUM", "7, MEDIUM", "8, HIGH", "10, HIGH"})
    void painAboveFiveIsAnOverloadAndFromEightItIsHigh(int pain, Severity expected) {
        UUID sessionId = UUID.randomUUID();
        Instant at = Instant.parse("2026-03-12T18:00:00Z");
        WorkoutLogged session = new WorkoutLogged(sessionId, UUID.randomUUID(), UUID.randomUUID(), 1, at, 30, 5, 2,
                List.of(new WorkoutLogged.Entry("clamshell", Form.CLEAN, pain, List.of(new WorkoutLogged.SetDone(15, null, null, null)))),
                at);
        History history = new History(new ProgramSnapshot(session.programId(), session.patientId(), UUID.randomUUID(), 1, 3,
                LocalDate.parse("2026-03-01"), new Phase(1, "Activation", LocalDate.parse("2026-03-01")), List.of()),
                List.of(session), List.of());

        List<Finding> findings = rule.evaluate(history, Trigger.session(sessionId), at);

        if (expected == null) {
            assertThat(findings).isEmpty();
            return;
        }
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(expected);
            assertThat(f.exerciseCode()).isEqualTo("clamshell");
            assertThat(f.adjustment().type()).isEqualTo(AdjustmentType.DELOAD);
            assertThat(f.evidence()).singleElement().satisfies(e -> {
                assertThat(e.sessionId()).isEqualTo(sessionId);
                assertThat(e.value().intValue()).isEqualTo(pain);
                assertThat(e.threshold().intValue()).isEqualTo(5);
            });
        });
    }
}
