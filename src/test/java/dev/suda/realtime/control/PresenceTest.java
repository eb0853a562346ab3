package dev.suda.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PresenceTest {

    @Test
    void aMemberNamesItsUserNodeAndSocket() {
        String member = Presence.member(42, "socket-1");
        assertTrue(member.startsWith("42:"), member);
        assertEquals(Optional.of(Presence.NODE), Presence.nodeOf(member));
        assertTrue(member.endsWith(":socket-1"), member);
    }

    @Test
    void aMemberWrittenBeforeNodesWereNamedHasNoNode() {
        // such members are left alone: no node can vouch for them, and none is taken out by mistake
        assertEquals(Optional.empty(), Presence.nodeOf("42:0b6f1c1e-socket"));
    }
}
