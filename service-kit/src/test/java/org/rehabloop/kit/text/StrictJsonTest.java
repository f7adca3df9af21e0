package org.rehabloop.kit.text;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A date-time reads as Jackson's own deserializer reads it, only faster in its usual form. */
class StrictJsonTest {
    record Stamp(Instant at) {
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new StrictJson().customize(mapper);
        return mapper;
    }

    private final ObjectMapper strict = strict();
    private final ObjectMapper usual = new ObjectMapper().registerModule(new JavaTimeModule());

    @ParameterizedTest
    @ValueSource(strings = {"\"2026-11-25T07:30:00Z\"", "\"2026-11-25T07:30:00.123456789Z\"", "\"2026-11-25T08:30:00+01:00\"",
            "\"2026-11-24T23:30:00-08:00\"", "\"+10000-01-01T00:00:00Z\"", "\"2016-12-31T23:59:60Z\"", "1764055800",
            "1764055800.5", "\"0000-01-01T00:00:00Z\"", "\"2026-11-25T24:00:00Z\"", "\"\\u0000\"", "\" 2026-11-25T07:30:00Z \""})
    void readsAsJacksonDoes(String value) throws Exception {
        String body = "{\"at\":" + value + "}";
        assertThat(strict.readValue(body, Stamp.class)).isEqualTo(usual.readValue(body, Stamp.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday\"", "\"2026-13-01T00:00:00Z\"", "1e308", "\"2026-11-25T07:30:00\""})
    void refusesWhatIsNotADateTime(String value) {
        assertThatThrownBy(() -> strict.readValue("{\"at\":" + value + "}", Stamp.class)).isInstanceOf(JsonMappingException.class);
    }

    /** What the formatter reads, or null where it refuses: the usual form's reader must answer the same. */
    private static Instant formatter(String text) {
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, OffsetDateTime::from).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-03T18:00:00Z", "2026-03-03T18:00:00.1Z", "2026-03-03T18:00:00.123456789+01:00",
            "2026-03-03T18:00:00-00:00", "2026-03-03T18:00:00+18:00", "2026-03-03T18:00:00+18:01", "2026-03-03T18:00:00.Z",
            "2026-03-03T18:00:00.1234567891Z", "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-03-03T24:00:00Z",
            "2026-03-03T23:59:60Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-18:00", "2026-03-03t18:00:00Z",
            "2026-03-03T18:00:00z", "2026-03-03T18:00:00+0100", "2026-03-03T18:00:00+01:00:30", "2026-03-03T18:00Z",
            "2026-03-03T18:00:00", "+2026-03-03T18:00:00Z", "2026-3-03T18:00:00Z", "2026-03-03T18:00:00.12a4Z",
            "2026-03-03T1८:00:00Z", "2026-00-03T18:00:00Z", "2026-03-00T18:00:00Z"})
    void theUsualFormIsReadAsTheFormatterReadsIt(String text) {
        assertThat(StrictJson.InstantInRange.usualForm(text)).isEqualTo(formatter(text));
    }

    @Test
    void theUsualFormAgreesWithTheFormatterOnMangledTexts() {
        Random random = new Random(20261207);
        String alphabet = "0123456789-:T.Z+z ";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000),
                    random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(61), random.nextInt(62)));
            if (random.nextBoolean()) {
                text.append('.').append(String.valueOf(random.nextLong(Long.MAX_VALUE)), 0, random.nextInt(12));
            }
            text.append(switch (random.nextInt(3)) {
                case 0 -> "Z";
                case 1 -> String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(20), random.nextInt(62));
                default -> "";
            });
            for (int m = random.nextInt(3); m > 0 && text.length() > 0; m--) {
                text.setCharAt(random.nextInt(text.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = text.toString();
            assertThat(StrictJson.InstantInRange.usualForm(value)).as(value).isEqualTo(formatter(value));
        }
    }
}
