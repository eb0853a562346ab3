package dev.suda.pages.control;

import dev.suda.platform.ProblemException;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * How long a ban or mute lasts, as typed into the room page: minutes, fractions allowed ("0.5" is 30 s);
 * blank means until lifted. The same bounds as the REST API: positive, at most a year.
 */
public final class SanctionLength {

    public static final BigDecimal MAX_MINUTES = BigDecimal.valueOf(525_600);

    private SanctionLength() {
    }

    public static Duration parse(String minutes) {
        if (minutes == null || minutes.isBlank()) {
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(minutes.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("bad_duration", "Minutes must be a number, like 10 or 0.5");
        }
        if (value.signum() <= 0 || value.compareTo(MAX_MINUTES) > 0) {
            throw ProblemException.badRequest("bad_duration", "Minutes must be more than 0 and at most " + MAX_MINUTES);
        }
        long millis = value.multiply(BigDecimal.valueOf(60_000)).longValue();
        if (millis < 1000) {
            throw ProblemException.badRequest("bad_duration", "A sanction lasts at least a second");
        }
        return Duration.ofMillis(millis);
    }
}
