package dev.suda.membership.entity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MembershipTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void aBanWithoutAnEndHoldsForEver() {
        assertTrue(Membership.banInForce(true, null, NOW));
    }

    @Test
    void aBanHoldsUntilItsEndAndNotAtIt() {
        assertTrue(Membership.banInForce(true, NOW.plus(Duration.ofMinutes(1)), NOW));
        assertFalse(Membership.banInForce(true, NOW, NOW));
        assertFalse(Membership.banInForce(true, NOW.minus(Duration.ofMinutes(1)), NOW));
    }

    @Test
    void noFlagNoBanWhateverTheEnd() {
        assertFalse(Membership.banInForce(false, null, NOW));
        assertFalse(Membership.banInForce(false, NOW.plus(Duration.ofDays(1)), NOW));
    }

    @Test
    void aMemberIsActiveExactlyWhenNoBanIsInForce() {
        Membership membership = new Membership(1, 2, Role.MEMBER);
        assertTrue(membership.isActiveAt(NOW));
        membership.ban("spam", NOW.plus(Duration.ofHours(1)));
        assertFalse(membership.isActiveAt(NOW));
        assertTrue(membership.isActiveAt(NOW.plus(Duration.ofHours(2))));
    }
}
