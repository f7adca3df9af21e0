package org.rehabloop.assessment.webhook;

import org.rehabloop.kit.lifecycle.Daemon;
import org.rehabloop.kit.tx.AfterCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends due deliveries. A short transaction claims them ({@code FOR UPDATE SKIP LOCKED}, with a lease), the HTTP call
 * happens outside any transaction on a bounded pool (one slow endpoint holds up only its own thread), and another
 * short transaction records the attempt. A sender that dies mid-call leaves a lease that runs out, and the delivery
 * is taken up again: nothing is lost, and nothing is sent twice on purpose.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    @Inject
    WebhookConfig config;

    @Inject
    EntityManager entityManager;

    @Inject
    Vertx vertx;

    @Inject
    AfterCommit afterCommit;

    private final Semaphore wakeUps = new Semaphore(0);
    /** Free senders: the dispatcher claims no more than it can send now, so no lease runs out in a queue. */
    private Semaphore freeSenders;
    private volatile boolean running;
    private ExecutorService senders;
    private HttpClient http;
    private AddressGuard guard;
    private Thread loop;

    /** One claimed delivery, with what sending it needs. */
    record Claimed(UUID deliveryId, String messageId, String body, String url, List<String> secrets, Instant lease) {
    }

    void start(@Observes StartupEvent event) {
        guard = new AddressGuard(config.allowHttp(), new HashSet<>(config.allowedHosts().orElse(List.of())));
        senders = Executors.newFixedThreadPool(config.concurrency());
        freeSenders = new Semaphore(config.concurrency());
        // Vert.x does the I/O on its event loop; our senders only wait for the outcome
        http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setVerifyHost(true));
        running = true;
        loop = Daemon.start("webhook-dispatcher", this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wakeUps.release();
        senders.shutdown();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }

    AddressGuard guard() {
        return guard;
    }

    /** Called in a transaction that wrote deliveries: they go out as soon as it commits. */
    void wakeAfterCommit() {
        afterCommit.run(() -> wakeUps.release());
    }

    private void run() {
        while (running) {
            try {
                wakeUps.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                int free = freeSenders.availablePermits();
                if (free == 0) {
                    continue;
                }
                List<Claimed> claimed = claim(free);
                freeSenders.acquire(claimed.size());
                for (Claimed delivery : claimed) {
                    senders.submit(() -> {
                        try {
                            send(delivery);
                        } finally {
                            freeSenders.release();
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Webhook dispatcher could not claim deliveries (%s); retrying", e.getMessage());
            }
        }
    }

    /** Takes up to {@code limit} due deliveries for this instance until their lease runs out. */
    List<Claimed> claim(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<WebhookDelivery> due = entityManager.createNativeQuery("SELECT * FROM webhook_delivery WHERE status = 'PENDING' "
                            + "AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now()) "
                            + "ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED", WebhookDelivery.class)
                    .setParameter("limit", limit).getResultList();
            Instant now = Instant.now();
            List<Claimed> claimed = new ArrayList<>();
            for (WebhookDelivery delivery : due) {
                WebhookSubscription subscription = WebhookSubscription.findById(delivery.subscriptionId);
                if (subscription == null || !subscription.enabled) {
                    delivery.status = WebhookDelivery.Status.FAILED;
                    continue;
                }
                // microseconds, as PostgreSQL stores it: the lease is also the claim's token when the outcome is recorded
                delivery.leaseUntil = now.plus(config.lease()).truncatedTo(ChronoUnit.MICROS);
                claimed.add(new Claimed(delivery.id, delivery.messageId, delivery.body, subscription.url,
                        subscription.signingSecrets(now), delivery.leaseUntil));
            }
            return claimed;
        });
    }

    /** What one POST to a partner came to: its status, or why there was none, and the Retry-After it asked for. */
    record Outcome(Integer status, String error, Duration retryAfter) {
        static Outcome failed(String error) {
            return new Outcome(null, error, null);
        }
    }

    void send(Claimed claimed) {
        long started = System.nanoTime();
        Outcome outcome = post(claimed);
        int latency = (int) Duration.ofNanos(System.nanoTime() - started).toMillis();
        try {
            record(claimed.deliveryId(), claimed.lease(), outcome.status(), latency, outcome.error(), outcome.retryAfter());
        } catch (RuntimeException e) {
            // the lease runs out and the delivery is tried again: better twice than never
            LOG.warnf("Could not record a webhook attempt for delivery %s (%s)", claimed.deliveryId(), e.getMessage());
        }
    }

    /** Signs and POSTs a claimed delivery to the address that was checked; waits at most the timeout for the answer. */
    Outcome post(Claimed claimed) {
        AddressGuard.Checked target = guard.check(claimed.url());
        if (target.refused()) {
            return Outcome.failed("refused before sending: the URL " + target.refusal());
        }
        long timestamp = Instant.now().getEpochSecond();
        List<String> signatures = claimed.secrets().stream()
                .map(secret -> Signer.sign(secret, claimed.messageId(), timestamp, claimed.body())).toList();
        // connect to the address that was checked, not to whatever the name resolves to by now; the host name
        // still goes in the Host header and in TLS (SNI and certificate check)
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.uri().getHost()).setPort(target.port()).setURI(target.target())
                .setSsl("https".equalsIgnoreCase(target.uri().getScheme())).setFollowRedirects(false)
                .setTimeout(config.timeout().toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", "RehabLoop-Webhooks/1")
                .putHeader("webhook-id", claimed.messageId())
                .putHeader("webhook-timestamp", String.valueOf(timestamp))
                .putHeader("webhook-signature", String.join(" ", signatures));
        try {
            HttpClientResponse response = http.request(request)
                    .compose(sending -> sending.send(Buffer.buffer(claimed.body())))
                    .compose(WebhookDispatcher::discardBody)
                    .toCompletionStage().toCompletableFuture()
                    .get(config.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            return new Outcome(status, null, status == 429 || status == 503
                    ? retryAfter(Optional.ofNullable(response.getHeader("retry-after"))) : null);
        } catch (java.util.concurrent.TimeoutException e) {
            return Outcome.failed("no answer within " + config.timeout().toSeconds() + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Outcome.failed(cause instanceof io.netty.handler.timeout.TimeoutException
                    || String.valueOf(cause.getMessage()).contains("timeout period")
                    ? "no answer within " + config.timeout().toSeconds() + " s"
                    : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted while sending");
        }
    }

    /**
     * The answer once it has ended, its body dropped as it comes (the receiver's body is not ours to keep). An answer
     * without a body can end before this runs; Vert.x then refuses a handler ("Response already ended"), and the answer
     * is complete as it is.
     */
    private static Future<HttpClientResponse> discardBody(HttpClientResponse answer) {
        try {
            answer.handler(ignored -> {
            });
            return answer.end().map(done -> answer);
        } catch (IllegalStateException ended) {
            return Future.succeededFuture(answer);
        }
    }

    private void record(UUID deliveryId, Instant lease, Integer status, int latency, String error, Duration retryAfter) {
        QuarkusTransaction.requiringNew().run(() -> {
            WebhookDelivery delivery = WebhookDelivery.findById(deliveryId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (delivery == null) {
                return;
            }
            WebhookSubscription subscription = WebhookSubscription.findById(delivery.subscriptionId);
            Instant now = Instant.now();
            WebhookAttempt attempt = new WebhookAttempt();
            attempt.deliveryId = deliveryId;
            attempt.at = now;
            attempt.statusCode = status;
            attempt.latencyMs = latency;
            attempt.error = error == null ? null : error.substring(0, Math.min(error.length(), 500));
            if (delivery.status != WebhookDelivery.Status.PENDING || !lease.equals(delivery.leaseUntil)) {
                // our lease ran out and another sender took the delivery over: its outcome decides, ours is only logged
                attempt.nextAttemptAt = delivery.nextAttemptAt;
                attempt.persist();
                return;
            }
            delivery.leaseUntil = null;
            delivery.attempts++;
            if (status != null && status >= 200 && status < 300) {
                delivery.status = WebhookDelivery.Status.DELIVERED;
                delivery.deliveredAt = now;
                delivery.nextAttemptAt = null;
                subscription.failingSince = null;
            } else if (status != null && status == 410) {
                delivery.status = WebhookDelivery.Status.FAILED;
                delivery.nextAttemptAt = null;
                subscription.disable("The endpoint answered 410 Gone on " + now + "; re-enable it with PATCH when it is back", now);
            } else {
                List<Duration> schedule = config.retrySchedule();
                if (delivery.attempts > schedule.size()) {
                    delivery.status = WebhookDelivery.Status.FAILED;
                    delivery.nextAttemptAt = null;
                } else {
                    Duration cap = config.maxRetryAfter();
                    Duration wait = retryAfter != null ? (retryAfter.compareTo(cap) > 0 ? cap : retryAfter)
                            : jittered(schedule.get(delivery.attempts - 1));
                    delivery.nextAttemptAt = now.plus(wait);
                }
                if (subscription.failingSince == null) {
                    subscription.failingSince = now;
                } else if (Duration.between(subscription.failingSince, now).compareTo(config.disableAfter()) >= 0) {
                    subscription.disable("Every delivery failed since " + subscription.failingSince + " (last: "
                            + (status != null ? "HTTP " + status : error) + ")", now);
                }
            }
            attempt.nextAttemptAt = delivery.nextAttemptAt;
            attempt.persist();
        });
    }

    private Duration jittered(Duration wait) {
        long spread = (long) (wait.toMillis() * config.jitter());
        return wait.plusMillis(spread <= 0 ? 0 : ThreadLocalRandom.current().nextLong(spread + 1));
    }

    /** {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return null;
        }
        String value = header.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }
}
