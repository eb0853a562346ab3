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
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every failure leaves the API as application/problem+json; unexpected ones are logged, never shown. */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        return toProblem(failure).toResponse();
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
        if (failure instanceof WebApplicationException web) {
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
        LOG.log(Level.SEVERE, "Unexpected failure", failure);
        return Problem.of(500, "internal", "Something went wrong on our side", null);
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
