package dev.suda.platform;

import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;

/**
 * Every failure leaves the API as application/problem+json. A refusal of the client's request (a
 * {@link ProblemException}, invalid input) is an answer, not an event: it is not logged. Anything else is a
 * fault of the server: logged at SEVERE with a fresh reference that the client's problem JSON carries as {@code ref},
 * so an operator finds the story of a report in the log; its internals are never shown.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        return toProblem(failure).toResponse();
    }

    /** The response for a failure that ends an asynchronous request, mapped here rather than by the runtime (which logs it as an error). */
    public static Response respond(Throwable failure) {
        return toProblem(failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : failure).toResponse();
    }

    static Problem toProblem(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem.toProblem();
        }
        if (failure instanceof ConstraintViolationException invalid) {
            List<Problem.FieldError> errors = invalid.getConstraintViolations().stream()
                    .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                    .sorted(Comparator.comparing(Problem.FieldError::field))
                    .toList();
            return Problem.of(400, "invalid", "The request has invalid fields", errors);
        }
        if (isMalformedBody(failure)) {
            return Problem.of(400, "malformed", "The request body is not valid JSON of the expected shape", null);
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            String detail = status == 404 ? "No such resource" : status == 405 ? "Method not allowed here"
                    : status == 415 ? "Send application/json" : web.getMessage();
            return Problem.of(status, status == 404 ? "not_found" : "http_" + status, detail, null);
        }
        var outage = Outages.asUnavailable(failure);
        if (outage.isPresent()) {
            // the client is told to send again; the outage itself is logged once by Outages
            LOG.fine(() -> "Unavailable: " + failure);
            return outage.get().toProblem();
        }
        return Problem.fault(Incidents.report(LOG, "Unexpected failure", failure));
    }

    private static boolean isMalformedBody(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JsonbException || t instanceof jakarta.json.JsonException
                    || t instanceof ProcessingException) {
                return true;
            }
        }
        return false;
    }

    private static String field(ConstraintViolation<?> violation) {
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            name = node.getName();
        }
        return name == null ? "body" : name;
    }
}
