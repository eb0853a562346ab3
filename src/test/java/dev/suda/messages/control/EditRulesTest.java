package dev.suda.messages.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EditRulesTest {

    private static final Instant SENT = Instant.parse("2026-12-06T12:00:00Z");
    private static final Duration HOUR = Duration.ofMinutes(60);

    @Test
    void theAuthorMayEditWithinTheWindowUpToItsLastMoment() {
        assertTrue(EditRules.refusal(7, 7, true, SENT, SENT.plusSeconds(1), HOUR).isEmpty());
        assertTrue(EditRules.refusal(7, 7, true, SENT, SENT.plus(HOUR), HOUR).isEmpty());
    }

    @Test
    void afterTheWindowNotEvenTheAuthor() {
        assertEquals("edit_window_closed",
                EditRules.refusal(7, 7, true, SENT, SENT.plus(HOUR).plusMillis(1), HOUR).orElseThrow().code());
    }

    @Test
    void nobodyElseWhateverTheirRankNorASystemMessage() {
        assertEquals("not_author", EditRules.refusal(8, 7, true, SENT, SENT, HOUR).orElseThrow().code());
        assertEquals("not_author", EditRules.refusal(7, 7, false, SENT, SENT, HOUR).orElseThrow().code());
    }
}
