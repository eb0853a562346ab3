package dev.suda.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionsTest {

    @Test
    void aLiveCopyIsLive() {
        assertEquals(Sessions.Cached.LIVE, Sessions.read(Optional.of("42"), Optional.empty()));
    }

    @Test
    void anEndedMarkOutranksALiveCopy() {
        // a rebuild that read the record just before a logout committed must not bring the session back
        assertEquals(Sessions.Cached.ENDED, Sessions.read(Optional.of("42"), Optional.of("1")));
        assertEquals(Sessions.Cached.ENDED, Sessions.read(Optional.empty(), Optional.of("1")));
    }

    @Test
    void nothingCachedSendsTheCheckToTheRecord() {
        assertEquals(Sessions.Cached.MISSING, Sessions.read(Optional.empty(), Optional.empty()));
    }

    @Test
    void theTwoKeysOfASessionAreDistinct() {
        assertEquals("session:{abc}", Sessions.liveKey("abc"));
        assertEquals("session-ended:{abc}", Sessions.endedKey("abc"));
    }
}
