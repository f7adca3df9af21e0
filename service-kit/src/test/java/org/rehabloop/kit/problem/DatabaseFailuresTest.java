package org.rehabloop.kit.problem;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** A database that is away is told from a request or an event that is wrong. */
class DatabaseFailuresTest {

    @Test
    void aLostConnectionAnywhereInTheChainIsUnavailable() {
        assertThat(DatabaseFailures.unavailable(new IllegalStateException(new SQLException("refused", "08001")))).isTrue();
        assertThat(DatabaseFailures.unavailable(new SQLException("FATAL: terminating connection", "57P01"))).isTrue();
        assertThat(DatabaseFailures.unavailable(new SQLException("Sorry, acquisition timeout!"))).isTrue();
    }

    @Test
    void aCommitThatFailedCarriesTheDriversExceptionAsSuppressed() {
        // as Narayana reports a one-phase commit that the server refused while shutting down
        RuntimeException rollback = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        javax.transaction.xa.XAException xa = new javax.transaction.xa.XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        rollback.addSuppressed(xa);
        assertThat(DatabaseFailures.unavailable(new IllegalStateException(rollback))).isTrue();
    }

    @Test
    void aConstraintOrABugIsNot() {
        assertThat(DatabaseFailures.unavailable(new IllegalStateException(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseFailures.unavailable(new NullPointerException())).isFalse();
        RuntimeException cyclic = new RuntimeException("a");
        RuntimeException other = new RuntimeException("b", cyclic);
        cyclic.addSuppressed(other);
        assertThat(DatabaseFailures.unavailable(other)).isFalse();
    }
}
