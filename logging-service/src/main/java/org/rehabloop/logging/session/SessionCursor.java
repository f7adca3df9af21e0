package org.rehabloop.logging.session;

import org.rehabloop.kit.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** An opaque page cursor: the last session of the page before (newest first). */
public record SessionCursor(Instant performedAt, UUID id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((performedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static SessionCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new SessionCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ProblemException.badField("cursor", "is not a cursor this API gave out");
        }
    }
}
