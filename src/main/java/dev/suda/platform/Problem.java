package dev.suda.platform;

import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details, as every error of the API is written. */
@Schema(name = "Problem", description = "An error: application/problem+json")
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors,
                      @Schema(description = "On a server fault only: the incident's reference, also in the server's log")
                      String ref,
                      @Schema(description = "When a refusal ends by itself (a mute or ban for a time): ISO-8601 UTC, for the"
                              + " client to show in its reader's time zone; the detail's text is for old clients only")
                      Instant until) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @Schema(name = "FieldError")
    public record FieldError(String field, String message) {
    }

    public Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {
        this(type, title, status, detail, code, errors, null, null);
    }

    /** This problem, saying when the refusal ends (null: it does not end by itself, or is no sanction). */
    public Problem until(Instant until) {
        return until == null ? this : new Problem(type, title, status, detail, code, errors, ref, until);
    }

    public static Problem of(int status, String code, String detail, List<FieldError> errors) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        return new Problem("about:blank", title, status, detail, code, errors == null || errors.isEmpty() ? null : errors);
    }

    /** A fault of the server's own, named to the client by the reference under which the log tells the story. */
    public static Problem fault(String ref) {
        return new Problem("about:blank", "Internal Server Error", 500, "Something went wrong on our side (ref " + ref + ")",
                "internal", null, ref, null);
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MEDIA_TYPE + ";charset=UTF-8").entity(this);
        if (status == 503) {
            // unavailable: a dependency is away or the node is busy; the same request may be sent again
            response.header("Retry-After", Outages.RETRY_AFTER_SECONDS);
        }
        return response.build();
    }
}
