package org.rehabloop.kit.tx;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.rehabloop.kit.inbox.Inbox;
import org.rehabloop.kit.inbox.IncomingEvent;
import org.rehabloop.kit.problem.DatabaseFailures;

import java.time.Duration;

/**
 * How a consumer applies an event: in a transaction of its own (with the inbox entry), and, while the database is
 * away, again and again until it is back. A database outage is no reason to send an event to the dead-letter topic:
 * its effect would be lost. The partition waits instead, which keeps each patient's order; a poisoned event (one
 * that fails for any other reason) still goes to the dead-letter topic.
 */
@ApplicationScoped
public class Consuming {
    private static final Logger LOG = Logger.getLogger(Consuming.class);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    @Inject
    Inbox inbox;

    /** Work on an event, which may throw what reading its JSON throws. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** What an event does to this service, which may throw what reading its JSON throws. */
    @FunctionalInterface
    public interface Effect {
        void apply(IncomingEvent event) throws Exception;
    }

    /**
     * Applies {@code effect} to the event in {@code record} the first time it reaches {@code consumer}, in one
     * transaction with its inbox entry and audit record (see {@link Inbox#accept}); a redelivery does nothing.
     */
    public void once(ConsumerRecord<String, String> record, String consumer, Effect effect) {
        inTransaction(() -> {
            IncomingEvent event = inbox.accept(record, consumer);
            if (event != null) {
                effect.apply(event);
            }
        });
    }

    public void inTransaction(Work work) {
        Duration wait = Duration.ofMillis(200);
        while (true) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    try {
                        work.run();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalArgumentException(e);
                    }
                });
                return;
            } catch (RuntimeException e) {
                if (!DatabaseFailures.unavailable(e)) {
                    throw e;
                }
                LOG.warnf("The database is unavailable; the event is applied again in %d ms", wait.toMillis());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
            }
        }
    }
}
