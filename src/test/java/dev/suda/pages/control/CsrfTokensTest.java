package dev.suda.pages.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CsrfTokensTest {

    @Test
    void theSessionsOwnTokenMatches() {
        String token = CsrfTokens.create();
        assertTrue(CsrfTokens.matches(token, new String(token.toCharArray())));
    }

    @Test
    void anyOtherTokenIsRefused() {
        String token = CsrfTokens.create();
        assertFalse(CsrfTokens.matches(token, CsrfTokens.create()));
        assertFalse(CsrfTokens.matches(token, token.substring(1)));
        assertFalse(CsrfTokens.matches(token, token + "x"));
        assertFalse(CsrfTokens.matches(token, ""));
        assertFalse(CsrfTokens.matches(token, null));
    }

    @Test
    void withoutASessionTokenNothingMatchesNotEvenNothing() {
        assertFalse(CsrfTokens.matches(null, null));
        assertFalse(CsrfTokens.matches(null, ""));
        assertFalse(CsrfTokens.matches("", ""));
    }

    @Test
    void tokensAreLongRandomAndUrlSafe() {
        String one = CsrfTokens.create();
        assertNotEquals(one, CsrfTokens.create());
        assertEquals(43, one.length());
        assertTrue(one.matches("[A-Za-z0-9_-]+"));
    }
}
