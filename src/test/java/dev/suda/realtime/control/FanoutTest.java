package dev.suda.realtime.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.suda.platform.JsonText;
import org.junit.jupiter.api.Test;

class FanoutTest {

    private static String envelope(long roomId) {
        return Fanout.messagesEnvelope(JsonText.PROVIDER.createArrayBuilder().add(JsonText.PROVIDER.createObjectBuilder()
                .add("roomId", roomId).add("id", 42).add("previousId", 41).add("senderId", 7).add("frame", "{}")), 1234)
                .build().toString();
    }

    @Test
    void thisNodesMessagesEnvelopeIsKnownByItsFirstBytes() {
        assertTrue(Fanout.own(envelope(3)), envelope(3));
    }

    @Test
    void anotherNodesEnvelopeIsNotThisNodes() {
        String other = envelope(3).replaceFirst("\"node\":\"[^\"]+\"", "\"node\":\"another-node\"");
        assertFalse(Fanout.own(other), other);
        assertFalse(Fanout.own("{\"k\":\"room\",\"roomId\":3,\"frame\":\"{}\"}"));
    }

    @Test
    void thisNodesOwnEnvelopeComingBackIsDroppedUnread() {
        // no sessions, no state: an envelope that got past the check would fail here
        assertDoesNotThrow(() -> new Fanout().receive(envelope(3)));
    }
}
