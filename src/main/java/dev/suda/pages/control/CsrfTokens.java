package dev.suda.pages.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Per-session CSRF tokens (the synchronizer token pattern): a random value kept in the HTTP session, rendered
 * into every form and the room page, and required back on every request that changes state. Another site can
 * make a browser send the session cookie, but it cannot read the page to learn the token.
 */
public final class CsrfTokens {

    /** The form field and the header (for the room page's script) that carry the token. */
    public static final String FIELD = "csrf";
    public static final String HEADER = "X-CSRF-Token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfTokens() {
    }

    public static String create() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a request's token is the session's; compared in constant time, and never true without a session token. */
    public static boolean matches(String expected, String given) {
        if (expected == null || expected.isEmpty() || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
