package dev.suda.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger log = Logger.getLogger(ProblemMapper.class.getName());

    @BeforeEach
    void listen() {
        log.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(capture);
    }

    @Test
    void aProblemExceptionKeepsItsStatusCodeAndDetail() {
        Problem problem = ProblemMapper.toProblem(ProblemException.conflict("email_taken", "taken"));
        assertEquals(409, problem.status());
        assertEquals("Conflict", problem.title());
        assertEquals("email_taken", problem.code());
        assertEquals("taken", problem.detail());
        assertNull(problem.errors());
        assertNull(problem.ref());
    }

    @Test
    void aRefusalIsAnAnswerNotALogEntry() {
        ProblemMapper.toProblem(ProblemException.tooManyRequests("rate_limited", "slow down"));
        ProblemMapper.toProblem(ProblemException.forbidden("muted", "muted"));
        ProblemMapper.respond(new CompletionException(ProblemException.notFound("No room 1")));
        assertEquals(List.of(), logged);
    }

    @Test
    void unreadableJsonIsABadRequest() {
        Problem problem = ProblemMapper.toProblem(new ProcessingException(new JsonbException("Unexpected char")));
        assertEquals(400, problem.status());
        assertEquals("malformed", problem.code());
    }

    @Test
    void anUnexpectedFailureHidesItsCauseAndIsLoggedUnderTheRefTheClientGets() {
        Problem problem = ProblemMapper.toProblem(new IllegalStateException("secret internals"));
        assertEquals(500, problem.status());
        assertTrue(problem.ref().matches("[0-9a-f]{12}"), problem.ref());
        assertEquals("Something went wrong on our side (ref " + problem.ref() + ")", problem.detail());
        assertEquals(1, logged.size());
        assertEquals(Level.SEVERE, logged.get(0).getLevel());
        assertTrue(logged.get(0).getMessage().contains(problem.ref()), logged.get(0).getMessage());
        assertEquals("secret internals", logged.get(0).getThrown().getMessage());
    }
}
