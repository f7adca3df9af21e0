package org.rehabloop.assessment.rules;

import org.junit.jupiter.api.Test;
import org.rehabloop.contracts.Form;
import org.rehabloop.contracts.WorkoutLogged;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the rules look up in a history: the session that arrived, and the sessions in which an exercise was done. */
class HistoryTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    @Test
    void theSessionsOfAnExerciseAreThoseThatHoldItInEventOrderEachOnce() {
        WorkoutLogged first = session(0, "clamshell", "hip-thrust");
        WorkoutLogged second = session(1, "hip-thrust");
        WorkoutLogged twice = session(2, "clamshell", "clamshell"); // entered twice by the phone: one session
        History history = new History(null, List.of(first, second, twice), List.of());

        assertThat(history.sessionsWith("clamshell")).containsExactly(first, twice);
        assertThat(history.sessionsWith("hip-thrust")).containsExactly(first, second);
        assertThat(history.sessionsWith("step-up")).isEmpty();
        assertThat(Sessions.withExercise(history, "clamshell")).containsExactly(first, twice);
    }

    @Test
    void aSessionIsFoundByItsIdAndAnUnknownOrMissingIdFindsNone() {
        WorkoutLogged first = session(0, "clamshell");
        WorkoutLogged again = new WorkoutLogged(first.sessionId(), first.patientId(), first.programId(), 1,
                T0.plusSeconds(60), 30, 5, 1, List.of(), null);
        History history = new History(null, List.of(first, again), List.of());

        assertThat(history.session(first.sessionId())).isSameAs(first); // the first of two with one id, as before
        assertThat(history.session(UUID.randomUUID())).isNull();
        assertThat(history.session(null)).isNull();
        assertThat(Sessions.byId(history, first.sessionId())).containsSame(first);
    }

    @Test
    void aHistoryKeepsWhatItWasGivenWhenTheCallerChangesItsListAfterwards() {
        List<WorkoutLogged> sessions = new ArrayList<>(List.of(session(0, "clamshell")));
        History history = new History(null, sessions, List.of());
        sessions.add(session(1, "clamshell"));

        assertThat(history.sessions()).hasSize(1);
        assertThat(history.sessionsWith("clamshell")).hasSize(1);
        assertThatThrownBy(() -> history.sessions().add(session(2, "clamshell")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static WorkoutLogged session(int day, String... exercises) {
        return new WorkoutLogged(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1,
                T0.plusSeconds(86_400L * day), 30, 5, 1, Arrays.stream(exercises)
                .map(code -> new WorkoutLogged.Entry(code, Form.CLEAN, 1, List.of(new WorkoutLogged.SetDone(10, null, null, null))))
                .toList(), null);
    }
}
