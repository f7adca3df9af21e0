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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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
                Instant usual = usualForm(parser.getText());
                return usual != null ? usual : (Instant) delegate.deserialize(parser, context);
            }
            if (parser.currentToken() != null && parser.currentToken().isNumeric()) {
                BigDecimal seconds = parser.getDecimalValue();
                if (seconds.compareTo(MIN) < 0 || seconds.compareTo(MAX) > 0) {
                    throw InvalidFormatException.from(parser, OUT_OF_RANGE, seconds, Instant.class);
                }
            }
            return (Instant) delegate.deserialize(parser, context);
        }

        /**
         * {@code 2026-03-03T18:00:00Z}, with a fraction of up to nine digits and an offset {@code Z} or {@code +01:00}:
         * what phones and our own events send, read as {@code ISO_OFFSET_DATE_TIME} reads it, without its parser (a
         * fiftieth of logging-service's CPU in a profile). Null for anything else, which the formatter reads or refuses.
         */
        static Instant usualForm(String text) {
            int n = text.length();
            if (n < 20 || n > 35 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                    || text.charAt(13) != ':' || text.charAt(16) != ':') {
                return fromFormatter(text);
            }
            int year = number(text, 0, 4);
            int month = number(text, 5, 7);
            int day = number(text, 8, 10);
            int hour = number(text, 11, 13);
            int minute = number(text, 14, 16);
            int second = number(text, 17, 19);
            int at = 19;
            int nano = 0;
            if (text.charAt(at) == '.') {
                int digits = 0;
                while (++at < n && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                    if (++digits > 9) {
                        return fromFormatter(text);
                    }
                    nano = nano * 10 + (text.charAt(at) - '0');
                }
                if (digits == 0) {
                    return fromFormatter(text);
                }
                for (int i = digits; i < 9; i++) {
                    nano *= 10;
                }
            }
            int offsetSeconds;
            if (at == n - 1 && text.charAt(at) == 'Z') {
                offsetSeconds = 0;
            } else if (at == n - 6 && (text.charAt(at) == '+' || text.charAt(at) == '-') && text.charAt(at + 3) == ':') {
                int hours = number(text, at + 1, at + 3);
                int minutes = number(text, at + 4, at + 6);
                if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
                    return fromFormatter(text);
                }
                offsetSeconds = (hours * 3600 + minutes * 60) * (text.charAt(at) == '-' ? -1 : 1);
            } else {
                return fromFormatter(text);
            }
            if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
                return fromFormatter(text);
            }
            try {
                return LocalDateTime.of(year, month, day, hour, minute, second, nano)
                        .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
            } catch (DateTimeException notADate) {
                return null; // 2026-02-30, 24:00: the usual deserializer decides
            }
        }

        private static Instant fromFormatter(String text) {
            try {
                return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, OffsetDateTime::from).toInstant();
            } catch (DateTimeException notTheUsualForm) {
                return null;
            }
        }

        /** The decimal digits of text[from, to), or -1 when one is not a digit. */
        private static int number(String text, int from, int to) {
            int value = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
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
