package org.rehabloop.kit.tx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Runs a step once the caller's transaction has committed, and not at all if it rolls back: how a worker (the relay,
 * the alert feed, the webhook dispatcher) is woken for rows that are only visible after the commit.
 */
@ApplicationScoped
public class AfterCommit {
    @Inject
    TransactionSynchronizationRegistry transactions;

    public void run(Runnable step) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before: the step needs the committed rows
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    step.run();
                }
            }
        });
    }
}
