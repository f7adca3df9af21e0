package org.rehabloop.kit.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Text that cannot be stored faithfully is refused where it enters: a NUL character (PostgreSQL refuses 0x00 in
 * text) or a UTF-16 surrogate without its pair (not a character at all, and not encodable as UTF-8). Every string of
 * every request body passes here, whatever the field, so the answer is a 400 naming that field instead of a 500 from
 * the database. Phones do send these: a bad paste, a keyboard bug, a truncated emoji.
 */
@Singleton
public class SafeText implements ObjectMapperCustomizer {
    /** The message of a refused value, as problem details show it. */
    public static final String REFUSED = "must not contain NUL characters or unpaired UTF-16 surrogates";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("safe-text").addDeserializer(String.class, new Deserializer()));
    }

    /** True when {@code text} holds no NUL and no surrogate without its pair. */
    public static boolean isSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static final class Deserializer extends StdScalarDeserializer<String> {
        Deserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && !isSafe(value)) {
                throw InvalidFormatException.from(parser, REFUSED, value, String.class);
            }
            return value;
        }
    }
}
