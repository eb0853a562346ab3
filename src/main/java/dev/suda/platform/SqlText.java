package dev.suda.platform;

import java.util.Collections;

/** Pieces of SQL text for the few statements written by hand (a batch of posts), where JPA cost too much. */
public final class SqlText {

    private SqlText() {
    }

    /** The parameter markers of an IN list: {@code ?, ?, ?} for three. */
    public static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
