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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbound queue of one socket and the writers that empty it, against sockets the test controls. */
class ConnectionTest {

    /**
     * A socket peer: records what was sent and how (blocking or asynchronous); a blocking send can be made to hang
     * like a write to a reader that stopped reading; asynchronous sends complete at once or when the test says.
     */
    static final class Peer {
        final List<String> sent = new ArrayList<>();
        final List<String> sentAsync = new ArrayList<>();
        final ArrayDeque<SendHandler> inFlight = new ArrayDeque<>();
        volatile CountDownLatch reads;
        /** Writers waiting in a blocking send to this peer. */
        final AtomicInteger blocked = new AtomicInteger();
        boolean completeAtOnce = true;
        volatile CloseReason closedWith;

        final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBasicRemote" -> basic();
                    case "getAsyncRemote" -> async();
                    case "isOpen" -> closedWith == null;
                    case "close" -> {
                        closedWith = (CloseReason) args[0];
                        CountDownLatch stuck = reads;
                        if (stuck != null) {
                            stuck.countDown(); // a closed socket fails the write that hung on it
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        private RemoteEndpoint.Basic basic() {
            return (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{RemoteEndpoint.Basic.class},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("sendText") || args.length != 1) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        CountDownLatch stuck = reads;
                        if (stuck != null) {
                            blocked.incrementAndGet();
                            try {
                                stuck.await();
                            } finally {
                                blocked.decrementAndGet();
                            }
                        }
                        synchronized (this) {
                            sent.add((String) args[0]);
                        }
                        return null;
                    });
        }

        private RemoteEndpoint.Async async() {
            return (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{RemoteEndpoint.Async.class},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("sendText") || args.length != 2) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        SendHandler handler = (SendHandler) args[1];
                        boolean now;
                        synchronized (this) {
                            sent.add((String) args[0]);
                            sentAsync.add((String) args[0]);
                            now = completeAtOnce;
                            if (!now) {
                                inFlight.add(handler);
                            }
                        }
                        if (now) {
                            handler.onResult(new SendResult());
                        }
                        return null;
                    });
        }

        /** The reader stops reading: blocking writes to it hang until it reads again or is closed. */
        void stopReading() {
            reads = new CountDownLatch(1);
        }

        void readAgain() {
            reads.countDown();
            reads = null;
        }

        synchronized List<String> sent() {
            return List.copyOf(sent);
        }

        synchronized List<String> sentAsync() {
            return List.copyOf(sentAsync);
        }
    }

    /** Writers whose tasks wait until the test runs them, so each step can be looked at. */
    static final class ManualWriters {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        final Writers writers = new Writers(tasks::add, 20, 60_000);

        /** How many hand-offs to a writer are waiting. */
        int waiting() {
            return tasks.size();
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static Connection connection(Peer peer, int maxQueued, Writers writers) {
        return new Connection(peer.session, 1, 2, "s", maxQueued, writers.direct());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting: " + what);
            }
            Thread.sleep(2);
        }
    }

    @Test
    void queuedFramesGoOutInOrderInOneBurstWithTheBlockingRemote() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, 100, w.writers);
        connection.deliver("a");
        connection.deliver("b");
        connection.deliver("c");
        assertTrue(peer.sent().isEmpty(), "the caller only queues");
        assertEquals(1, w.waiting(), "one hand-off for the three frames");
        assertEquals(3, connection.queued());
        w.runAll();
        assertEquals(List.of("a", "b", "c"), peer.sent());
        assertTrue(peer.sentAsync().isEmpty());
        assertEquals(0, connection.queued());
    }

    @Test
    void aFanOutIsOneHandOffForAllItsSockets() {
        ManualWriters w = new ManualWriters();
        List<Peer> peers = IntStream.range(0, 5).mapToObj(i -> new Peer()).toList();
        List<Connection> room = peers.stream().map(p -> connection(p, 100, w.writers)).toList();
        try (var fanout = w.writers.batch()) {
            room.forEach(c -> c.deliverMessage(1, 5, "m1"));
            room.forEach(c -> c.deliverMessage(2, 5, "m2"));
        }
        assertEquals(1, w.waiting());
        w.runAll();
        peers.forEach(p -> assertEquals(List.of("m1", "m2"), p.sent()));
    }

    /**
     * Two rooms of three sockets on writers of which one is at work at a time, each room with a fan-out queued: "m1"
     * to the first, then "n1" to the second.
     */
    private static final class TwoRooms {
        final ManualWriters w = new ManualWriters();
        final List<Peer> first = IntStream.range(0, 3).mapToObj(i -> new Peer()).toList();
        final List<Peer> second = IntStream.range(0, 3).mapToObj(i -> new Peer()).toList();
        final List<Connection> secondRoom;

        TwoRooms() {
            List<Connection> firstRoom = first.stream().map(p -> connection(p, 100, w.writers)).toList();
            secondRoom = second.stream().map(p -> connection(p, 100, w.writers)).toList();
            try (var fanout = w.writers.batch()) {
                firstRoom.forEach(c -> c.deliverMessage(1, 5, "m1"));
            }
            try (var fanout = w.writers.batch()) {
                secondRoom.forEach(c -> c.deliverMessage(1, 5, "n1"));
            }
        }
    }

    @Test
    void aFanOutThatComesWhileTheWritersAreAtWorkWaitsForThemButAPersonalFrameDoesNot() {
        TwoRooms rooms = new TwoRooms();
        ManualWriters w = rooms.w;
        assertEquals(1, w.waiting(), "one writer for both: the later fan-out waits for it");
        Peer sender = new Peer();
        connection(sender, 100, w.writers).deliver("ack");
        assertEquals(2, w.waiting(), "a personal frame does not wait behind the fan-outs: it has a writer of its own");
        w.runAll();
        rooms.first.forEach(p -> assertEquals(List.of("m1"), p.sent()));
        rooms.second.forEach(p -> assertEquals(List.of("n1"), p.sent()));
        assertEquals(List.of("ack"), sender.sent());
        assertEquals(0, w.waiting(), "and nothing is left for another");
    }

    @Test
    void anAckToASocketWaitingInAQueuedFanOutDoesNotWaitForTheFanOutToReachIt() {
        TwoRooms rooms = new TwoRooms();
        ManualWriters w = rooms.w;
        try (var acks = w.writers.personal()) {
            rooms.secondRoom.get(2).deliver("ack");
        }
        assertEquals(2, w.waiting(), "the fan-outs' writer, and one for the ack");
        w.tasks.pollLast().run();
        assertEquals(List.of("n1", "ack"), rooms.second.get(2).sent(), "the ack's writer sends what the socket had, in order");
        rooms.first.forEach(p -> assertTrue(p.sent().isEmpty(), "and no fan-out ahead of it"));
        w.runAll();
        rooms.first.forEach(p -> assertEquals(List.of("m1"), p.sent()));
        rooms.second.forEach(p -> assertEquals(p == rooms.second.get(2) ? List.of("n1", "ack") : List.of("n1"), p.sent(),
                "the fan-out's writer sends nothing twice"));
    }

    @Test
    void aWriterWaitingOnAStoppedReaderGivesUpItsPlaceOnceTheWatchdogSeesIt() throws Exception {
        Writers writers = new Writers(pool, 5, 60_000);   // one writer at work at a time
        Peer stopped = new Peer();
        stopped.stopReading();
        Peer other = new Peer();
        connection(stopped, 100, writers).deliver("to the reader that stopped");
        await(() -> stopped.blocked.get() == 1, "the writer waits on the stopped reader");
        Connection another = connection(other, 100, writers);
        try (var fanout = writers.batch()) {
            another.deliverMessage(1, 5, "to another");
        }
        Thread.sleep(20);
        assertTrue(other.sent().isEmpty(), "no second writer while the first holds the only place");
        writers.watch();
        await(() -> other.sent().size() == 1, "once the watchdog saw the stall, another writer takes the frame");
        stopped.readAgain();
        await(() -> stopped.sent().size() == 1, "the stopped reader gets its frame when it reads again");
        await(() -> writers.busy() == 0, "and every writer is done");
    }

    @Test
    void aReaderThatStopsReadingDoesNotDelayTheOthers() throws Exception {
        Writers writers = new Writers(pool, 20, 60_000);
        var watchdog = Executors.newSingleThreadScheduledExecutor();
        watchdog.scheduleWithFixedDelay(writers::watch, 5, 5, TimeUnit.MILLISECONDS);
        try {
            Peer slow = new Peer();
            slow.stopReading();
            List<Peer> others = IntStream.range(0, 3).mapToObj(i -> new Peer()).toList();
            Connection slowOne = connection(slow, 100, writers);
            List<Connection> room = new ArrayList<>();
            room.add(slowOne); // first in the fan-out: everyone else is behind it
            others.forEach(p -> room.add(connection(p, 100, writers)));

            for (int id = 1; id <= 3; id++) {
                long messageId = id;
                try (var fanout = writers.batch()) {
                    room.forEach(c -> c.deliverMessage(messageId, 5, "m" + messageId));
                }
            }
            await(() -> others.stream().allMatch(p -> p.sent().size() == 3), "the others get every message");
            others.forEach(p -> assertEquals(List.of("m1", "m2", "m3"), p.sent()));
            assertTrue(slow.sent().isEmpty(), "the reader that stopped still has nothing");
            assertEquals(2, slowOne.queued(), "its later frames wait in its queue");

            slow.readAgain();
            await(() -> slow.sent().size() == 3, "the slow reader catches up");
            assertEquals(List.of("m1", "m2", "m3"), slow.sent(), "in order");
            assertEquals(List.of("m2", "m3"), slow.sentAsync(), "after the stall, asynchronously");

            try (var fanout = writers.batch()) {
                room.forEach(c -> c.deliverMessage(4, 5, "m4"));
            }
            await(() -> slow.sent().size() == 4, "a reader that caught up is written to again");
            assertEquals(List.of("m2", "m3"), slow.sentAsync(), "with the blocking remote once its queue emptied");
            assertNull(slow.closedWith);
        } finally {
            watchdog.shutdownNow();
        }
    }

    @Test
    void aReaderThatStopsReadingHoldsNobodyInABigFanOutBeforeTheWatchdogLooks() throws Exception {
        Writers writers = new Writers(pool, 20, 60_000, 2);
        Peer stopped = new Peer();
        stopped.stopReading();
        List<Peer> others = IntStream.range(0, 599).mapToObj(i -> new Peer()).toList();
        List<Connection> room = new ArrayList<>();
        room.add(connection(stopped, 100, writers)); // first in the fan-out: everyone else is behind it
        others.forEach(p -> room.add(connection(p, 100, writers)));
        try (var fanout = writers.batch()) {
            room.forEach(c -> c.deliverMessage(1, 5, "m1"));
        }
        // nobody calls watch(): the second writer of the fan-out gets past the stopped reader on its own
        await(() -> others.stream().allMatch(p -> p.sent().size() == 1), "every other reader has its frame");
        await(() -> stopped.blocked.get() == 1 && stopped.sent().isEmpty(), "one writer still waits on the stopped reader");
        stopped.readAgain();
        await(() -> stopped.sent().size() == 1, "and writes once it reads again");
    }

    @Test
    void readersThatStopTogetherHoldTheOthersAFewStallTimesNotOneEach() throws Exception {
        Writers writers = new Writers(pool, 1, 60_000);
        List<Peer> stopped = IntStream.range(0, 7).mapToObj(i -> new Peer()).toList();
        stopped.forEach(Peer::stopReading);
        Peer other = new Peer();
        List<Connection> room = new ArrayList<>();
        stopped.forEach(p -> room.add(connection(p, 100, writers)));
        room.add(connection(other, 100, writers)); // behind all seven
        try (var fanout = writers.batch()) {
            room.forEach(c -> c.deliverMessage(1, 5, "m1"));
        }
        // each watchdog round rescues every writer stuck so far, and two writers carry on for each: 1, 3, 7 stuck
        for (int stuck : new int[] {1, 3, 7}) {
            await(() -> writers.busy() == stuck && stopped.stream().mapToInt(p -> p.blocked.get()).sum() == stuck,
                    stuck + " writers stuck on stopped readers");
            assertTrue(other.sent().isEmpty(), "the reader behind them still waits");
            Thread.sleep(5);
            writers.watch();
        }
        // with one more writer per rescue, three rounds would have got past only three of the seven
        await(() -> other.sent().size() == 1, "after the third round, the reader behind them has its frame");
        stopped.forEach(p -> p.readAgain());
    }

    @Test
    void aWriteStuckPastTheTimeoutClosesItsSocketAsTooSlow() throws Exception {
        Writers writers = new Writers(pool, 5, 50);
        Peer peer = new Peer();
        peer.stopReading();
        Connection connection = connection(peer, 100, writers);
        connection.deliver("never read");
        await(() -> writers.busy() == 1, "the writer is on it");
        Thread.sleep(60);
        writers.watch();
        await(() -> peer.closedWith != null, "the socket is closed");
        assertEquals(Connection.TOO_SLOW, peer.closedWith);
        assertTrue(connection.closedByServer());
        await(() -> writers.busy() == 0, "closing it freed the writer");
    }

    @Test
    void aReaderThatStopsReadingIsClosedOnceItsQueueIsFull() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, 50, w.writers);
        for (int i = 0; i < 50; i++) {
            connection.deliver("frame " + i);
            assertTrue(connection.queued() <= 50, "the queue never grows past its bound");
        }
        assertNull(peer.closedWith, "a full queue is not yet hopeless");
        connection.deliver("one too many");
        assertTrue(connection.closedByServer());
        assertEquals(0, connection.queued(), "its frames are let go");
        w.runAll();
        assertEquals(Connection.TOO_SLOW, peer.closedWith, "closed by a writer, not by the caller");
        connection.deliver("after close");
        w.runAll();
        assertTrue(peer.sent().isEmpty(), "nothing more is sent to a closed socket");
    }

    @Test
    void frameOrderHoldsPerSocketWhileManyFanOutsAreInFlight() throws Exception {
        Writers writers = new Writers(pool, 20, 60_000);
        List<Peer> peers = IntStream.range(0, 20).mapToObj(i -> new Peer()).toList();
        List<Connection> room = peers.stream().map(p -> connection(p, 20_000, writers)).toList();
        int messages = 5_000;
        for (int id = 1; id <= messages; id++) {
            long messageId = id;
            try (var fanout = writers.batch()) {
                room.forEach(c -> c.deliverMessage(messageId, 5, Long.toString(messageId)));
            }
            if (id % 7 == 0) {
                room.get(id % room.size()).deliver("typing");
            }
        }
        await(() -> peers.stream().allMatch(p -> p.sent().stream().filter(f -> !f.equals("typing")).count() == messages),
                "every socket gets every message");
        for (Peer peer : peers) {
            List<String> inOrder = peer.sent().stream().filter(f -> !f.equals("typing")).toList();
            assertEquals(IntStream.rangeClosed(1, messages).mapToObj(Integer::toString).toList(), inOrder);
        }
    }

    @Test
    void theAsynchronousPathDrainsInALoopNotByRecursion() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, 200_000, w.writers);
        connection.stalled();
        IntStream.range(0, 100_000).forEach(i -> connection.deliver("f" + i));
        w.runAll();
        assertEquals(100_000, peer.sentAsync().size(), "a long queue drains in a loop, not by recursion");
    }

    @Test
    void aStalledSocketSendsOneAsynchronousFrameAtATime() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        peer.completeAtOnce = false;
        Connection connection = connection(peer, 100, w.writers);
        connection.stalled();
        connection.deliver("a");
        connection.deliver("b");
        w.runAll();
        assertEquals(List.of("a"), peer.sent(), "one send in flight; the rest waits");
        connection.deliver("c");
        assertEquals(0, w.waiting(), "the socket is still owned: no second writer");
        peer.inFlight.poll().onResult(new SendResult());
        peer.inFlight.poll().onResult(new SendResult());
        peer.inFlight.poll().onResult(new SendResult());
        assertEquals(List.of("a", "b", "c"), peer.sent());
        connection.deliver("d");
        w.runAll();
        assertEquals("d", peer.sent().get(3));
        assertEquals(List.of("a", "b", "c"), peer.sentAsync(), "an emptied queue ends the asynchronous path");
    }

    @Test
    void aWaitingPresenceCountIsReplacedByTheNewestInItsPlace() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, 100, w.writers);
        connection.deliver("first");
        connection.deliverPresence("online 1");
        connection.deliverMessage(7, 5, "m7");
        connection.deliverPresence("online 2");
        connection.deliverPresence("online 3");
        assertEquals(3, connection.queued(), "one presence frame waits, however many arrived");
        w.runAll();
        assertEquals(List.of("first", "online 3", "m7"), peer.sent(), "the newest count, where the first one waited");
        connection.deliverPresence("online 4");
        w.runAll();
        assertEquals("online 4", peer.sent().get(peer.sent().size() - 1), "with nothing waiting it goes out next");
    }

    @Test
    void liveMessagesAreDeliveredOnceInIdOrderAndNeverFromAPersonallyMutedSender() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, 100, w.writers);
        connection.mutedSenders(Set.of(66L));
        connection.deliverMessage(10, 5, "m10");
        connection.deliverMessage(10, 5, "m10 again");
        connection.deliverMessage(9, 5, "m9 late");
        connection.deliverMessage(11, 66, "m11 muted");
        connection.deliverMessage(12, 5, "m12");
        w.runAll();
        assertEquals(List.of("m10", "m12"), peer.sent());
    }

    @Test
    void liveMessagesWaitWhileAResumeReplaysAndNoneRepeats() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, 100, w.writers);
        connection.startResume();
        connection.deliverMessage(4, 5, "live 4");
        connection.deliver("presence");
        connection.deliverMessage(5, 5, "live 5");
        w.runAll();
        assertTrue(peer.sent().isEmpty(), "held until the replay is done");
        connection.replay(3, 5, "replay 3");
        connection.replay(4, 5, "replay 4");
        connection.finishResume();
        w.runAll();
        assertEquals(List.of("replay 3", "replay 4", "presence", "live 5"), peer.sent());
    }

    @Test
    void aLastWordIsSentBeforeTheServerCloses() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, 100, w.writers);
        connection.deliver("busy");
        connection.sendThenClose("banned", new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "banned"));
        assertNull(peer.closedWith, "not before the last frame is out");
        connection.deliver("ignored");
        w.runAll();
        assertEquals(List.of("busy", "banned"), peer.sent());
        assertEquals("banned", peer.closedWith.getReasonPhrase());
        assertFalse(peer.session.isOpen());
        assertTrue(connection.closedByServer());
    }

    @Test
    void aLastWordToAnIdleSocketClosesItToo() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, 100, w.writers);
        connection.deliver("hello");
        w.runAll();
        connection.sendThenClose("kicked", new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "kicked"));
        w.runAll();
        assertEquals(List.of("hello", "kicked"), peer.sent());
        assertEquals("kicked", peer.closedWith.getReasonPhrase());
    }
}
