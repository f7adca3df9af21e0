package org.rehabloop.infra;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {
    private static final Path ROOT = Path.of("/repo");

    @Test
    void noOptionsAreTheReadmesFigures() {
        assertThat(Bench.Options.parse(ROOT)).isEqualTo(Bench.Options.defaults(ROOT));
    }

    @Test
    void eachOptionChangesItsFigureOnly() {
        Bench.Options parsed = Bench.Options.parse(ROOT, "--duration=45s", "--warmup=2.5", "--clients=16",
                "--patients=200", "--painful-every=4", "--paced=0.6", "--replay-events=5000", "--history=300",
                "--probes=3", "--most-warmup-rounds=12", "--rebuild");
        Bench.Options defaults = Bench.Options.defaults(ROOT);
        assertThat(parsed).isEqualTo(new Bench.Options(ROOT, Duration.ofSeconds(45), Duration.ofMillis(2500), 16, 200, 4,
                5000, 300, defaults.historySmall(), 3, false, 0.6, 12, null));
    }

    @Test
    void smokeIsTheBaseWhereverItStands() {
        Bench.Options smoke = Bench.Options.smoke(ROOT);
        assertThat(Bench.Options.parse(ROOT, "--clients=2", "--smoke"))
                .isEqualTo(new Bench.Options(ROOT, smoke.load(), smoke.warmup(), 2, smoke.patients(), smoke.painfulEvery(),
                        smoke.replayEvents(), smoke.historyLarge(), smoke.historySmall(), smoke.historyProbes(),
                        false, smoke.pacedFraction(), smoke.mostWarmUpRounds(), null));
    }

    @Test
    void aReplayOfAKeptRunKeepsItsData() {
        Bench.Options parsed = Bench.Options.parse(ROOT, "--replay-of=/tmp/run");
        assertThat(parsed.replayOf()).isEqualTo(Path.of("/tmp/run"));
        assertThat(parsed.keepData()).isTrue();
        assertThat(Bench.Options.parse(ROOT, "--keep").keepData()).isTrue();
    }

    @Test
    void anUnknownOptionOrAnUnreadableValueIsNamed() {
        assertThatThrownBy(() -> Bench.Options.parse(ROOT, "--clinets=4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--clinets");
        assertThatThrownBy(() -> Bench.Options.parse(ROOT, "--clients=many"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--clients=many");
    }
}
