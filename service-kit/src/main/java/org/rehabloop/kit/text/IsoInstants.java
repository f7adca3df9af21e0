package org.rehabloop.kit.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes an {@link Instant} as {@link Instant#toString()} does (ISO-8601 in UTC, {@code 2026-03-03T18:00:00.250Z}: the
 * fraction in groups of three digits, none when it is zero), without going through {@code DateTimeFormatter}: a logged
 * session writes five of them (its fingerprint, its event, the answer), and the formatter's machinery was a twentieth of
 * logging-service's CPU in a profile of the benchmark's load. Years outside 0000-9999 are left to {@code toString()}.
 */
@Singleton
public class IsoInstants implements ObjectMapperCustomizer {
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years written with four digits and no sign. */
    private static final long FIRST = -62_167_219_200L;
    private static final long AFTER_LAST = 253_402_300_800L;

    /** After Quarkus' own customizer, whose Java time module would otherwise be asked for an instant's writer first. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("iso-instants").addSerializer(Instant.class, new Writer()));
    }

    /** The text {@link Instant#toString()} gives, built directly. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST || seconds >= AFTER_LAST) {
            return instant.toString();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, instant.getNano(), ZoneOffset.UTC);
        char[] text = new char[30];
        int at = digits(text, 0, t.getYear(), 4);
        text[at++] = '-';
        at = digits(text, at, t.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, t.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = digits(text, at, t.getHour(), 2);
        text[at++] = ':';
        at = digits(text, at, t.getMinute(), 2);
        text[at++] = ':';
        at = digits(text, at, t.getSecond(), 2);
        int nano = t.getNano();
        if (nano != 0) {
            text[at++] = '.';
            if (nano % 1_000_000 == 0) {
                at = digits(text, at, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                at = digits(text, at, nano / 1_000, 6);
            } else {
                at = digits(text, at, nano, 9);
            }
        }
        text[at++] = 'Z';
        return new String(text, 0, at);
    }

    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    static final class Writer extends StdSerializer<Instant> {
        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(format(value));
        }
    }
}
