package org.rehabloop.logging.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.rehabloop.kit.problem.ProblemException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When something happened, as the phone says: no more than 5 minutes ahead of our clock (phones drift a little)
 * and no more than 90 days back (an offline phone syncs late, but not that late).
 */
@ApplicationScoped
public class EventTime {
    static final Duration MAX_IN_FUTURE = Duration.ofMinutes(5);
    static final Duration MAX_IN_PAST = Duration.ofDays(90);

    @Inject
    Clock clock;

    /** Whether {@link #check} lets {@code at} pass. */
    public boolean allows(Instant at) {
        Instant now = clock.instant();
        return !at.isAfter(now.plus(MAX_IN_FUTURE)) && !at.isBefore(now.minus(MAX_IN_PAST));
    }

    public void check(String field, Instant at) {
        Instant now = clock.instant();
        if (at.isAfter(now.plus(MAX_IN_FUTURE))) {
            throw ProblemException.badField(field, "must not be more than 5 minutes in the future");
        }
        if (at.isBefore(now.minus(MAX_IN_PAST))) {
            throw ProblemException.badField(field, "must not be more than 90 days in the past");
        }
    }
}
