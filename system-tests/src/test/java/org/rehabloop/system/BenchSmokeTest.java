package org.rehabloop.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rehabloop.infra.Bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./rehabloop bench} with tiny parameters, so CI sees that every part of it still runs against the services
 * as they are. The figures mean nothing here (a few seconds of load beside the build); only that each was measured.
 */
class BenchSmokeTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theBenchmarkPrintsEveryFigure() {
        Bench.Result result = Bench.run(Bench.Options.smoke(Path.of("..").toAbsolutePath().normalize()));
        System.out.println(result.table());

        assertThat(result.table()).contains("sessions/s", "JDBC baseline", "assessment-service stopped", "CPU ms per session",
                "catch-up", "where the cores went", "OVL-PAIN-DURING", "replay", "RSS", "history", "paced load", "warm-up");
        for (String figure : List.of("warmup.rounds", "sessions.per.second", "latency.p50.ms", "latency.p95.ms", "latency.p99.ms",
                "baseline.tps", "service.baseline.ratio", "cpu.ms.per.session.logging-service",
                "ingest.alone.sessions.per.second", "ingest.alone.baseline.ratio", "ingest.alone.latency.p99.ms",
                "ingest.alone.cpu.ms.per.session.logging-service", "ingest.alone.cpu.ms.per.session.postgres",
                "ingest.alone.cpu.ms.per.session.benchmark", "ingest.alone.cores.busy.percent",
                "baseline.cpu.ms.per.session.postgres", "baseline.cpu.ms.per.session.benchmark", "baseline.cores.busy.percent",
                "cpu.ms.per.session.assessment-service", "alert.p50.ms", "alert.p99.ms", "history.large.ms",
                "paced.due.per.second", "paced.sessions.per.second", "paced.latency.p99.ms", "paced.alert.p99.ms",
                "paced.cpu.ms.per.session.logging-service",
                "history.small.ms", "replay.events.per.second", "rss.mb.plan-service", "rss.mb.logging-service",
                "rss.mb.assessment-service", "start.s.plan-service", "start.s.logging-service", "start.s.assessment-service")) {
            assertThat(result.figures().get(figure)).as(figure).isNotNull().isPositive().isFinite();
        }
        // may be 0 on a quick machine, never negative
        for (String figure : List.of("cpu.ms.per.session.plan-service", "lag.max.committed", "lag.max.processed",
                "catchup.processed.s", "catchup.committed.s", "paced.lag.max.processed", "paced.catchup.processed.s",
                "idle.cpu.ms.per.s.logging-service", "idle.cpu.ms.per.s.assessment-service")) {
            assertThat(result.figures().get(figure)).as(figure).isNotNull().isGreaterThanOrEqualTo(0.0);
        }
        assertThat(result.figures().get("replay.events")).isGreaterThanOrEqualTo(Bench.Options.smoke(Path.of(".")).replayEvents());
    }
}
