package org.rehabloop.kit.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An event id is taken once: a redelivery, even to a second consumer at the same moment, finds it taken. */
@QuarkusTest
class InboxTest {
    @Inject
    Inbox inbox;

    @Test
    void anEventIsFirstDeliveredOnce() {
        String id = UUID.randomUUID().toString();
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery(id, "plan.events"))).isTrue();
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery(id, "plan.events"))).isFalse();
    }

    @Test
    void anEffectRolledBackLeavesTheEventToBeProcessedAgain() {
        String id = UUID.randomUUID().toString();
        QuarkusTransaction.begin();
        assertThat(inbox.firstDelivery(id, "plan.events")).isTrue();
        QuarkusTransaction.rollback();
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery(id, "plan.events"))).isTrue();
    }
}
