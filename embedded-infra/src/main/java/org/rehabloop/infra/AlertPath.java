package org.rehabloop.infra;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Where a painful session's alert spent its time, hop by hop, from four clocks the loop already keeps (wall-clock
 * milliseconds, one machine): the 201 answered to the benchmark, the session's record on {@code workout.events} (its
 * timestamp is logging-service's relay handing it to the producer), the alert's {@code updatedAt} (assessment-service
 * judging it, in the lane's transaction) and the alert's record on {@code assessment.alerts} (assessment-service's
 * relay), then the benchmark reading it. A total latency's tail says that the loop was late; this says which part was.
 */
final class AlertPath {
    /** One session's clocks; 0 where a clock was not seen. */
    record Hops(long accepted, long published, long judged, long alertPublished, long seen) {
        long logging() {
            return published - accepted;
        }

        long assessment() {
            return judged - published;
        }

        long alertRelay() {
            return alertPublished - judged;
        }

        long tap() {
            return seen - alertPublished;
        }

        long total() {
            return seen - accepted;
        }

        boolean complete() {
            return accepted > 0 && published > 0 && judged > 0 && alertPublished > 0 && seen > 0;
        }
    }

    private final Map<String, Long> accepted = new ConcurrentHashMap<>();
    private final Map<String, Long> published = new ConcurrentHashMap<>();
    /** {judged, alert published, seen} of a session's first alert. */
    private final Map<String, long[]> alerted = new ConcurrentHashMap<>();

    void clear() {
        accepted.clear();
        published.clear();
        alerted.clear();
    }

    void accepted(String sessionId, long at) {
        accepted.put(sessionId, at);
    }

    boolean tracks(String sessionId) {
        return accepted.containsKey(sessionId);
    }

    void published(String sessionId, long at) {
        published.putIfAbsent(sessionId, at);
    }

    void alerted(String sessionId, long judged, long alertPublished, long seen) {
        alerted.putIfAbsent(sessionId, new long[] {judged, alertPublished, seen});
    }

    /** The earliest 201 of the sessions tracked, 0 with none. */
    long firstAccepted() {
        return accepted.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    List<Hops> hops() {
        List<Hops> all = new ArrayList<>();
        accepted.forEach((id, at) -> {
            long[] alert = alerted.getOrDefault(id, new long[3]);
            all.add(new Hops(at, published.getOrDefault(id, 0L), alert[0], alert[1], alert[2]));
        });
        return all;
    }

    /**
     * Lines for the log: each hop's p50 and p99; the mean of each hop over the slowest 1% of the alerts (what their
     * time went to); the p99 of the whole path by third of the load (a slow start or a slow end shows as one third).
     */
    static List<String> describe(List<Hops> hops) {
        List<Hops> complete = hops.stream().filter(Hops::complete).toList();
        if (complete.isEmpty()) {
            return List.of("no alert with all its clocks seen");
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%d of %d alerts with all their clocks; p50 / p99 ms per hop: logging's relay %s, "
                + "assessment's judging %s, assessment's relay %s, to the benchmark %s; whole path %s", complete.size(),
                hops.size(), p50p99(complete, Hops::logging), p50p99(complete, Hops::assessment),
                p50p99(complete, Hops::alertRelay), p50p99(complete, Hops::tap), p50p99(complete, Hops::total)));
        List<Hops> slowest = complete.stream().sorted(Comparator.comparingLong(Hops::total).reversed())
                .limit(Math.max(1, complete.size() / 100)).toList();
        lines.add(String.format("the slowest %d (1%%), mean ms per hop: logging's relay %.0f, assessment's judging %.0f, "
                + "assessment's relay %.0f, to the benchmark %.0f; whole path %.0f", slowest.size(),
                mean(slowest, Hops::logging), mean(slowest, Hops::assessment), mean(slowest, Hops::alertRelay),
                mean(slowest, Hops::tap), mean(slowest, Hops::total)));
        long first = complete.stream().mapToLong(Hops::accepted).min().orElseThrow();
        long last = complete.stream().mapToLong(Hops::accepted).max().orElseThrow();
        long third = Math.max(1, (last - first + 3) / 3);
        StringBuilder thirds = new StringBuilder("whole path by 201 time, p50 / p99 ms (alerts):");
        for (int i = 0; i < 3; i++) {
            long from = first + i * third;
            long to = i == 2 ? Long.MAX_VALUE : from + third;
            List<Hops> in = complete.stream().filter(h -> h.accepted() >= from && h.accepted() < to).toList();
            thirds.append(String.format(" %s %s (%d)", i == 0 ? "first third" : i == 1 ? "; second" : "; last",
                    in.isEmpty() ? "-" : p50p99(in, Hops::total), in.size()));
        }
        lines.add(thirds.toString());
        return lines;
    }

    private static String p50p99(List<Hops> hops, ToLongFunction<Hops> hop) {
        long[] values = hops.stream().mapToLong(hop).sorted().toArray();
        return percentile(values, 50) + " / " + percentile(values, 99);
    }

    /** Nearest rank: the value with at least {@code p}% of {@code sorted} at or below it (every percentile of the benchmark). */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double mean(List<Hops> hops, ToLongFunction<Hops> hop) {
        return hops.stream().mapToLong(hop).average().orElse(0);
    }
}
