package dev.suda.auth.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    @Test
    void belowBothLimitsIsAllowed() {
        assertFalse(LoginThrottle.throttled(4, 5, 29, 30));
    }

    @Test
    void anAccountAtItsLimitIsRefusedFromAnyAddress() {
        assertTrue(LoginThrottle.throttled(5, 5, 0, 30));
    }

    @Test
    void anAddressAtItsLimitIsRefusedForAnyAccount() {
        assertTrue(LoginThrottle.throttled(0, 5, 30, 30));
    }
}
