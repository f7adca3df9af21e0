package org.rehabloop.assessment.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Delivery settings; the retry schedule is configurable so tests can shrink it. */
@ConfigMapping(prefix = "rehabloop.webhooks")
public interface WebhookConfig {
    /** Plain http (local stack and tests only); production receivers must use https. */
    @WithDefault("false")
    boolean allowHttp();

    /** Hosts exempt from the internal-address check (comma-separated names or IPs). */
    Optional<List<String>> allowedHosts();

    /** The waits before each retry; a message that failed them all is given up. */
    @WithDefault("PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT14H,PT20H,PT24H")
    List<Duration> retrySchedule();

    /** Random spread added to each wait, as a share of it, so retries do not arrive in waves. */
    @WithDefault("0.1")
    double jitter();

    /** A receiver's Retry-After is honoured up to this, so a bogus one cannot park a message for years. */
    @WithDefault("PT24H")
    Duration maxRetryAfter();

    /** A 2xx must come within this. */
    @WithDefault("PT15S")
    Duration timeout();

    /** A subscription failing for this long is disabled. */
    @WithDefault("P5D")
    Duration disableAfter();

    /** After a rotation, the old secret keeps signing alongside the new one for this long. */
    @WithDefault("PT24H")
    Duration secretOverlap();

    @WithDefault("PT1S")
    Duration pollInterval();

    /** How long a claimed delivery is another instance's to leave alone; past it, a crashed sender's work is retaken. */
    @WithDefault("PT1M")
    Duration lease();

    /** Deliveries sent at once, so one slow endpoint does not hold up the others. */
    @WithDefault("16")
    int concurrency();
}
