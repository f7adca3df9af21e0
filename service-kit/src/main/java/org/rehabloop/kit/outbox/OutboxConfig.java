package org.rehabloop.kit.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How a service's outbox relay works; the defaults suit each of ours. */
@ConfigMapping(prefix = "rehabloop.outbox")
public interface OutboxConfig {
    /**
     * How many independent streams the outbox is split into; a patient's rows are always in the same one. Changing it
     * while unsent rows exist would let two relays publish one patient's events at once: drain the outbox first.
     */
    @WithDefault("16")
    int shards();

    /** Rows published per shard and round. */
    @WithDefault("200")
    int batchSize();

    /** How often the relay looks for rows when no commit woke it. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /**
     * How long the relay lets a wake-up gather before it claims rows, counted from the first wake-up since its last claim
     * (what committed during a round longer than this is claimed at once): the commits of requests running at the same time
     * join one round instead of each paying for its own (a round claims over every shard and waits for the broker's
     * acknowledgement). Adds at most this much to an event's way to the topic. At 5 ms, a relay under a steady load
     * still ran a round for every few rows, each round's claim and update costing the database about what its rows did;
     * at 20 ms a steady load at 80% of the closed-loop maximum still cost a quarter more CPU per session than that
     * maximum and filled both cores of the benchmark machine. At 50 ms here and a consumer gather of 100 ms the
     * closed-loop maximum rose by a quarter and a session cost the services a fifth less CPU (README, 2026-12-07).
     */
    @WithDefault("PT0.05S")
    Duration gather();

    /** How long sent rows are kept (for replay and inspection) before they are deleted. */
    @WithDefault("P7D")
    Duration retention();
}
