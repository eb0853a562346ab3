package dev.suda.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The outbound queue of one socket, against a socket whose sends complete when the test says so. */
class ConnectionTest {

    /** A socket peer: records what was sent, completes sends at once or holds them, remembers how it was closed. */
    static final class Peer {
        final List<String> sent = new ArrayList<>();
        final ArrayDeque<SendHandler> inFlight = new ArrayDeque<>();
        boolean completeAtOnce;
        CloseReason closedWith;

        final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> remote();
                    case "isOpen" -> closedWith == null;
                    case "close" -> {
                        closedWith = (CloseReason) args[0];
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        private RemoteEndpoint.Async remote() {
            return (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{RemoteEndpoint.Async.class},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("sendText") || args.length != 2) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        sent.add((String) args[0]);
                        SendHandler handler = (SendHandler) args[1];
                        if (completeAtOnce) {
                            handler.onResult(new SendResult());
                        } else {
                            inFlight.add(handler);
                        }
                        return null;
                    });
        }

        /** The client reads one frame: the send in flight completes. */
        void completeOne() {
            inFlight.poll().onResult(new SendResult());
        }
    }

    @Test
    void framesGoOutInOrderOneAtATime() {
        Peer peer = new Peer();
        Connection connection = new Connection(peer.session, 1, 2, "s", 100);
        connection.deliver("a");
        connection.deliver("b");
        connection.deliver("c");
        assertEquals(List.of("a"), peer.sent, "one send in flight; the rest wait");
        assertEquals(2, connection.queued());
        peer.completeOne();
        peer.completeOne();
        peer.completeOne();
        assertEquals(List.of("a", "b", "c"), peer.sent);
        assertEquals(0, connection.queued());
    }

    @Test
    void aReaderThatStopsReadingIsClosedOnceItsQueueIsFull() {
        Peer peer = new Peer();
        Connection connection = new Connection(peer.session, 1, 2, "s", 50);
        for (int i = 0; i < 51; i++) {
            connection.deliver("frame " + i);
            assertTrue(connection.queued() <= 50, "the queue never grows past its bound");
        }
        assertNull(peer.closedWith, "a full queue is not yet hopeless");
        connection.deliver("one too many");
        assertEquals(Connection.TOO_SLOW, peer.closedWith);
        assertTrue(connection.closedByServer());
        assertEquals(0, connection.queued(), "its frames are let go");
        connection.deliver("after close");
        assertEquals(1, peer.sent.size(), "nothing more is sent to a closed socket");
    }

    @Test
    void sendsThatCompleteInlineDoNotRecurse() {
        Peer peer = new Peer();
        Connection connection = new Connection(peer.session, 1, 2, "s", 200_000);
        connection.deliver("first");
        IntStream.range(0, 100_000).forEach(i -> connection.deliver("f" + i));
        peer.completeAtOnce = true;
        peer.completeOne();
        assertEquals(100_001, peer.sent.size(), "a long queue drains in a loop, not by recursion");
    }

    @Test
    void aWaitingPresenceCountIsReplacedByTheNewestInItsPlace() {
        Peer peer = new Peer();
        Connection connection = new Connection(peer.session, 1, 2, "s", 100);
        connection.deliver("first");
        connection.deliverPresence("online 1");
        connection.deliverMessage(7, 5, "m7");
        connection.deliverPresence("online 2");
        connection.deliverPresence("online 3");
        assertEquals(2, connection.queued(), "one presence frame waits, however many arrived");
        peer.completeAtOnce = true;
        peer.completeOne();
        assertEquals(List.of("first", "online 3", "m7"), peer.sent, "the newest count, where the first one waited");
        connection.deliverPresence("online 4");
        assertEquals("online 4", peer.sent.get(peer.sent.size() - 1), "with nothing waiting it goes out at once");
    }

    @Test
    void liveMessagesAreDeliveredOnceInIdOrderAndNeverFromAPersonallyMutedSender() {
        Peer peer = new Peer();
        peer.completeAtOnce = true;
        Connection connection = new Connection(peer.session, 1, 2, "s", 100);
        connection.mutedSenders(Set.of(66L));
        connection.deliverMessage(10, 5, "m10");
        connection.deliverMessage(10, 5, "m10 again");
        connection.deliverMessage(9, 5, "m9 late");
        connection.deliverMessage(11, 66, "m11 muted");
        connection.deliverMessage(12, 5, "m12");
        assertEquals(List.of("m10", "m12"), peer.sent);
    }

    @Test
    void liveMessagesWaitWhileAResumeReplaysAndNoneRepeats() {
        Peer peer = new Peer();
        peer.completeAtOnce = true;
        Connection connection = new Connection(peer.session, 1, 2, "s", 100);
        connection.startResume();
        connection.deliverMessage(4, 5, "live 4");
        connection.deliver("presence");
        connection.deliverMessage(5, 5, "live 5");
        assertTrue(peer.sent.isEmpty(), "held until the replay is done");
        connection.replay(3, 5, "replay 3");
        connection.replay(4, 5, "replay 4");
        connection.finishResume();
        assertEquals(List.of("replay 3", "replay 4", "presence", "live 5"), peer.sent);
    }

    @Test
    void aLastWordIsSentBeforeTheServerCloses() {
        Peer peer = new Peer();
        Connection connection = new Connection(peer.session, 1, 2, "s", 100);
        connection.deliver("busy");
        connection.sendThenClose("banned", new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "banned"));
        assertNull(peer.closedWith, "not before the last frame is out");
        connection.deliver("ignored");
        peer.completeOne();
        peer.completeOne();
        assertEquals(List.of("busy", "banned"), peer.sent);
        assertEquals("banned", peer.closedWith.getReasonPhrase());
        assertFalse(peer.session.isOpen());
    }
}
