package dev.suda.pages.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.suda.platform.ProblemException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SanctionLengthTest {

    @Test
    void blankLastsUntilLifted() {
        assertNull(SanctionLength.parse(null));
        assertNull(SanctionLength.parse("  "));
    }

    @Test
    void minutesMayBeFractions() {
        assertEquals(Duration.ofMinutes(10), SanctionLength.parse("10"));
        assertEquals(Duration.ofSeconds(30), SanctionLength.parse(" 0.5 "));
        assertEquals(Duration.ofDays(365), SanctionLength.parse("525600"));
    }

    @Test
    void nonsenseZeroNegativeAndOverAYearAreRefused() {
        for (String bad : new String[] {"ten", "0", "-5", "525600.5", "0.001", "1e9"}) {
            ProblemException refused = assertThrows(ProblemException.class, () -> SanctionLength.parse(bad), bad);
            assertEquals(400, refused.status());
            assertEquals("bad_duration", refused.code());
        }
    }
}
