package dev.suda.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {

    @Test
    void aProblemExceptionKeepsItsStatusCodeAndDetail() {
        Problem problem = ProblemMapper.toProblem(ProblemException.conflict("email_taken", "taken"));
        assertEquals(409, problem.status());
        assertEquals("Conflict", problem.title());
        assertEquals("email_taken", problem.code());
        assertEquals("taken", problem.detail());
        assertNull(problem.errors());
    }

    @Test
    void unreadableJsonIsABadRequest() {
        Problem problem = ProblemMapper.toProblem(new ProcessingException(new JsonbException("Unexpected char")));
        assertEquals(400, problem.status());
        assertEquals("malformed", problem.code());
    }

    @Test
    void anUnexpectedFailureHidesItsCause() {
        Problem problem = ProblemMapper.toProblem(new IllegalStateException("secret internals"));
        assertEquals(500, problem.status());
        assertEquals("Something went wrong on our side", problem.detail());
    }
}
