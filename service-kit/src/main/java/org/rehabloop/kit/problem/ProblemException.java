package org.rehabloop.kit.problem;

import java.util.List;

/** A failure the client caused or must know about, answered as problem+json with {@code status}. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.Violation> violations;

    public ProblemException(int status, String title, String detail, List<Problem.Violation> violations) {
        super(detail);
        this.status = status;
        this.title = title;
        this.violations = violations;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not Found", what + " was not found", null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, null);
    }

    public static ProblemException badField(String field, String message) {
        return new ProblemException(400, "Bad Request", "The request has invalid fields",
                List.of(new Problem.Violation(field, message)));
    }

    public static ProblemException unprocessable(String field, String message) {
        return new ProblemException(422, "Unprocessable Content", message, List.of(new Problem.Violation(field, message)));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.Violation> violations() {
        return violations;
    }
}
