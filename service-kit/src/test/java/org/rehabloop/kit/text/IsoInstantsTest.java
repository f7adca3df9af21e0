package org.rehabloop.kit.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** An instant is written exactly as Instant.toString() and Jackson's own serializer write it, only faster. */
class IsoInstantsTest {
    record Stamp(Instant at, List<Instant> more) {
    }

    private static ObjectMapper mapper(boolean ours) {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        if (ours) {
            new IsoInstants().customize(mapper);
        }
        return mapper;
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-03T18:00:00Z", "2026-03-03T18:00:00.250Z", "2026-03-03T18:00:00.000250Z",
            "2026-03-03T18:00:00.000000250Z", "2026-03-03T18:00:00.123456789Z", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "9999-12-31T23:59:59.999Z",
            "+10000-01-01T00:00:00Z", "2024-02-29T12:00:00.100Z", "-1000000000-01-01T00:00:00Z",
            "+1000000000-12-31T23:59:59.999999999Z"})
    void writesWhatToStringWrites(String text) {
        Instant instant = Instant.parse(text);
        assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString()).isEqualTo(text);
    }

    @Test
    void agreesWithToStringOverTheWholeRange() {
        Random random = new Random(20261207);
        for (int i = 0; i < 200_000; i++) {
            long seconds = switch (i % 4) {
                case 0 -> random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
                case 1 -> random.nextLong(-62_167_219_200L - 86_400, 253_402_300_800L + 86_400); // around 0000-9999
                default -> random.nextLong(0, 4_102_444_800L); // 1970-2100, what phones send
            };
            int nanos = switch (i % 3) {
                case 0 -> random.nextInt(1_000_000_000);
                case 1 -> random.nextInt(1_000) * 1_000_000;
                default -> random.nextInt(1_000_000) * 1_000;
            };
            Instant instant = Instant.ofEpochSecond(seconds, i % 5 == 0 ? 0 : nanos);
            assertThat(IsoInstants.format(instant)).as("%s", instant).isEqualTo(instant.toString());
        }
    }

    @Test
    void aMapperWritesInstantsAsJacksonsOwnSerializerDoes() throws Exception {
        Stamp stamp = new Stamp(Instant.parse("2026-03-03T18:00:00.250Z"),
                List.of(Instant.EPOCH, Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2026-03-03T18:00:00.000000001Z")));
        assertThat(mapper(true).writeValueAsString(stamp)).isEqualTo(mapper(false).writeValueAsString(stamp));
        assertThat(mapper(true).readValue(mapper(true).writeValueAsString(stamp), Stamp.class)).isEqualTo(stamp);
    }
}
