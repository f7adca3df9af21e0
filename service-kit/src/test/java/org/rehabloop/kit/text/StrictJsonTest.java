package org.rehabloop.kit.text;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

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
}
