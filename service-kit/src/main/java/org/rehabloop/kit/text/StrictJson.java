package org.rehabloop.kit.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A request body is read as written, or refused naming the field:
 * <ul>
 * <li>one JSON value and nothing after it ({@code {"pain": 3} {"pain": 9}} is not silently read as its first half);</li>
 * <li>a date-time given as a number of seconds must be one an {@link Instant} can hold: {@code "performedAt": 1e308}
 * is refused instead of being read as 1970-01-01 (Jackson reads huge exponents as zero).</li>
 * </ul>
 * Fields a request type does not define are refused too, by {@code quarkus.jackson.fail-on-unknown-properties} in the
 * kit's configuration; events from Kafka are read leniently (see {@code IncomingEvent.data}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    public static final String OUT_OF_RANGE = "is not a date-time (seconds out of range)";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.registerModule(new SimpleModule("strict-json").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == Instant.class ? new InstantInRange(deserializer) : deserializer;
            }
        }));
    }

    /** Checks a numeric time stamp against Instant's range, then lets the usual deserializer read it. */
    static final class InstantInRange extends StdDeserializer<Instant> implements ContextualDeserializer, ResolvableDeserializer {
        private static final BigDecimal MIN = BigDecimal.valueOf(Instant.MIN.getEpochSecond());
        private static final BigDecimal MAX = BigDecimal.valueOf(Instant.MAX.getEpochSecond());
        private final JsonDeserializer<?> delegate;

        InstantInRange(JsonDeserializer<?> delegate) {
            super(Instant.class);
            this.delegate = delegate;
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                // the usual form, read without ISO_INSTANT, which builds a new formatter for every value it parses (a
                // tenth of a consumer's time in a profile); anything else is left to the usual deserializer
                try {
                    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(parser.getText(), OffsetDateTime::from).toInstant();
                } catch (DateTimeException notTheUsualForm) {
                    return (Instant) delegate.deserialize(parser, context);
                }
            }
            if (parser.currentToken() != null && parser.currentToken().isNumeric()) {
                BigDecimal seconds = parser.getDecimalValue();
                if (seconds.compareTo(MIN) < 0 || seconds.compareTo(MAX) > 0) {
                    throw InvalidFormatException.from(parser, OUT_OF_RANGE, seconds, Instant.class);
                }
            }
            return (Instant) delegate.deserialize(parser, context);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            return delegate instanceof ContextualDeserializer contextual
                    ? new InstantInRange(contextual.createContextual(context, property)) : this;
        }

        @Override
        public void resolve(DeserializationContext context) throws JsonMappingException {
            if (delegate instanceof ResolvableDeserializer resolvable) {
                resolvable.resolve(context);
            }
        }
    }
}
