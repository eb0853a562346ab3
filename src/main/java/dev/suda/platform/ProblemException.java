package dev.suda.platform;

import jakarta.ws.rs.core.Response.Status;
import java.time.Instant;
import java.util.List;

/**
 * A failure the caller can act on, carried from any layer to the boundary, which renders it as problem JSON
 * (REST) or an error frame (socket). {@code code} is a short machine-readable name.
 * <p>
 * A refusal is an answer, not a fault: it is never logged as an error. Every {@code @Transactional} control names it
 * in {@code dontRollbackOn}, because Liberty otherwise records each one that leaves a transactional method as an FFDC
 * incident; so a control refuses before it changes anything (or marks the transaction rollback-only itself).
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Problem.FieldError> errors;
    private final String ref;
    private final Instant until;

    public ProblemException(int status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public ProblemException(int status, String code, String detail, List<Problem.FieldError> errors) {
        this(status, code, detail, errors, null, null);
    }

    private ProblemException(int status, String code, String detail, List<Problem.FieldError> errors, String ref,
                             Instant until) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors;
        this.ref = ref;
        this.until = until;
    }

    /**
     * The answer to a fault of the server that has been logged (see {@link Incidents#report}) under {@code ref}: the
     * client learns the reference, never the internals.
     */
    public static ProblemException fault(String ref) {
        Problem problem = Problem.fault(ref);
        return new ProblemException(problem.status(), problem.code(), problem.detail(), List.of(), ref, null);
    }

    /**
     * The same refusal with the instant it ends (a mute or ban that lapses): clients read the time from this field and
     * show it in their reader's zone and language, never from the detail's text.
     */
    public ProblemException until(Instant until) {
        return new ProblemException(status, code, getMessage(), errors, ref, until);
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(Status.BAD_REQUEST.getStatusCode(), code, detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(Status.UNAUTHORIZED.getStatusCode(), "unauthorized", detail);
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(Status.FORBIDDEN.getStatusCode(), code, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Status.NOT_FOUND.getStatusCode(), "not_found", detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(Status.CONFLICT.getStatusCode(), code, detail);
    }

    public static ProblemException tooManyRequests(String code, String detail) {
        return new ProblemException(Status.TOO_MANY_REQUESTS.getStatusCode(), code, detail);
    }

    /** The server cannot take this now; the same request may succeed when sent again. */
    public static ProblemException unavailable(String detail) {
        return new ProblemException(Status.SERVICE_UNAVAILABLE.getStatusCode(), "unavailable", detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** The incident's reference when this answers a fault of the server; null for a refusal. */
    public String ref() {
        return ref;
    }

    /** When the refusal ends by itself, or null. */
    public Instant until() {
        return until;
    }

    public Problem toProblem() {
        return ref != null ? Problem.fault(ref) : Problem.of(status, code, getMessage(), errors).until(until);
    }
}
