package dev.suda.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLRecoverableException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class OutagesTest {

    @Test
    void aLostDatabaseConnectionIsUnavailable() {
        var failure = new PersistenceException("Exception [EclipseLink-4002]",
                new SQLRecoverableException("Communications link failure", "08S01"));
        ProblemException problem = Outages.asUnavailable(failure).orElseThrow();
        assertEquals(503, problem.status());
        assertEquals("unavailable", problem.code());
    }

    @Test
    void aConnectionStateSqlErrorIsUnavailableWhateverItsClass() {
        assertTrue(Outages.asUnavailable(new RuntimeException(new SQLException("refused", "08001"))).isPresent());
        assertTrue(Outages.asUnavailable(new IllegalStateException(new ConnectException("Connection refused"))).isPresent());
    }

    @Test
    void anUnavailableRefusalIsFoundInsideAFutureFailure() {
        ProblemException redisAway = ProblemException.unavailable("Redis is not reachable");
        assertSame(redisAway, Outages.asUnavailable(new CompletionException(redisAway)).orElseThrow());
    }

    @Test
    void whatTheDatabaseAnsweredIsNoOutage() {
        var duplicate = new PersistenceException(new SQLIntegrityConstraintViolationException("Duplicate entry", "23000"));
        assertFalse(Outages.asUnavailable(duplicate).isPresent());
        assertFalse(Outages.asUnavailable(new IllegalStateException("a bug")).isPresent());
    }

    @Test
    void anOrdinaryRefusalStaysWhatItIs() {
        assertFalse(Outages.asUnavailable(ProblemException.forbidden("muted", "You are muted")).isPresent());
    }

    @Test
    void anOutageIsA503ProblemWithRetryAfter() {
        Problem problem = ProblemMapper.toProblem(new PersistenceException(new SQLRecoverableException("gone", "08S01")));
        assertEquals(503, problem.status());
        assertEquals("unavailable", problem.code());
        var response = problem.toResponse();
        assertEquals(String.valueOf(Outages.RETRY_AFTER_SECONDS), String.valueOf(response.getHeaders().getFirst("Retry-After")));
    }
}
