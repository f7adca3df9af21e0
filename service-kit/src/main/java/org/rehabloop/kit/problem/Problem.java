package org.rehabloop.kit.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** An RFC 9457 problem detail, with the fields a client got wrong. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> violations) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One bad field: its JSON path in the request ({@code exercises[0].painDuring}) and what is wrong with it. */
    public record Violation(String field, String message) {
    }
}
