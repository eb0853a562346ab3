package dev.suda.platform;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Faults of the server, as opposed to refusals of a client's request: each is logged at SEVERE under a short random
 * reference that the client is given too (problem JSON {@code ref}, or an error frame's {@code incident}), so a
 * report from a user leads to the one log entry with the stack trace.
 */
public final class Incidents {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Incidents() {
    }

    /** Logs the fault under a new reference and returns the reference. */
    public static String report(Logger log, String what, Throwable failure) {
        String ref = newRef();
        log.log(Level.SEVERE, what + " [ref " + ref + "]", failure);
        return ref;
    }

    /** Twelve hex digits: 48 random bits, unique enough among the faults in one deployment's logs. */
    static String newRef() {
        byte[] bits = new byte[6];
        RANDOM.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }
}
