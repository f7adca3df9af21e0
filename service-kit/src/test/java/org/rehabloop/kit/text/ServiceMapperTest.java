package org.rehabloop.kit.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The services' own mapper (Quarkus', with the kit's customizers) writes instants with IsoInstants. */
@QuarkusTest
class ServiceMapperTest {
    @Inject
    ObjectMapper json;

    @Test
    void writesInstantsWithTheKitsWriter() throws Exception {
        assertThat(json.getSerializerProviderInstance().findValueSerializer(Instant.class))
                .isInstanceOf(IsoInstants.Writer.class);
        assertThat(json.writeValueAsString(Map.of("at", Instant.parse("2026-03-03T18:00:00.250Z"))))
                .isEqualTo("{\"at\":\"2026-03-03T18:00:00.250Z\"}");
    }
}
