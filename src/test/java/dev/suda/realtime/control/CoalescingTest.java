package dev.suda.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.suda.realtime.control.ConnectionTest.ManualWriters;
import dev.suda.realtime.control.ConnectionTest.Peer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A socket's writer joining the frames that waited into one batch frame, for clients that asked for it. */
class CoalescingTest {

    private static final Coalescing BATCHES = new Coalescing(64, 65_536);

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private static Connection connection(Peer peer, Writers writers, Coalescing coalescing) {
        return new Connection(peer.session, 1, 2, "s", 10_000, writers.direct(), coalescing);
    }

    private static String frame(String name) {
        return "{\"type\":\"message\",\"id\":\"" + name + "\"}";
    }

    /** The frames a client reads out of what was sent: a batch's frames in order, any other frame as it is. */
    static List<String> unbatched(List<String> sent) {
        List<String> frames = new ArrayList<>();
        for (String text : sent) {
            JsonObject frame = Json.createReader(new StringReader(text)).readObject();
            if (frame.getString("type").equals("batch")) {
                frame.getJsonArray("frames").forEach(each -> frames.add(each.toString()));
            } else {
                frames.add(text);
            }
        }
        return frames;
    }

    private static boolean isBatch(String text) {
        return text.startsWith("{\"type\":\"batch\"");
    }

    @Test
    void aFrameToAnIdleSocketGoesOutAloneAtOnce() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, w.writers, BATCHES);
        connection.deliver(frame("a"));
        w.runAll();
        assertEquals(List.of(frame("a")), peer.sent(), "no batch around a lone frame, and no waiting for company");
        connection.deliver(frame("b"));
        w.runAll();
        assertEquals(List.of(frame("a"), frame("b")), peer.sent());
    }

    @Test
    void aFrameToAnIdleSocketIsWrittenWithoutWaitingOnRealWriters() throws Exception {
        Writers writers = new Writers(pool, 20, 60_000);
        Peer peer = new Peer();
        Connection connection = connection(peer, writers, BATCHES);
        connection.deliver(frame("now"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (peer.sent().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(List.of(frame("now")), peer.sent(), "written alone, with no later frame to wait for");
    }

    @Test
    void framesThatQueuedForTheWriterLeaveInOneBatchInOrder() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, w.writers, BATCHES);
        connection.deliverMessage(1, 5, frame("m1"));
        connection.deliver(frame("ack"));
        connection.deliverMessage(2, 5, frame("m2"));
        w.runAll();
        assertEquals(1, peer.sent().size(), "one write");
        String batch = peer.sent().get(0);
        assertEquals("{\"type\":\"batch\",\"frames\":[" + frame("m1") + "," + frame("ack") + "," + frame("m2") + "]}", batch);
        JsonObject parsed = Json.createReader(new StringReader(batch)).readObject();
        assertEquals(3, parsed.getJsonArray("frames").size(), "valid JSON");
    }

    @Test
    void framesQueuedWhileAWriteIsInFlightGoInTheNextWriteTogether() throws Exception {
        Writers writers = new Writers(pool, 60_000, 600_000);
        Peer peer = new Peer();
        peer.stopReading();   // the first write hangs until the test lets it through
        Connection connection = connection(peer, writers, BATCHES);
        connection.deliver(frame("first"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (peer.blocked.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(1, peer.blocked.get(), "the first frame is being written");
        for (int i = 1; i <= 5; i++) {
            connection.deliverMessage(i, 5, frame("m" + i));
        }
        peer.readAgain();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (peer.sent().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(frame("first"), peer.sent().get(0), "alone");
        assertEquals(2, peer.sent().size(), "the five that queued meanwhile in one write");
        assertEquals(IntStream.rangeClosed(1, 5).mapToObj(i -> frame("m" + i)).toList(), unbatched(List.of(peer.sent().get(1))));
    }

    @Test
    void aBatchHoldsNoMoreFramesThanItsCap() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, w.writers, new Coalescing(4, 65_536));
        List<String> frames = IntStream.range(0, 10).mapToObj(i -> frame("f" + i)).toList();
        frames.forEach(connection::deliver);
        w.runAll();
        assertEquals(3, peer.sent().size(), "4 + 4 + 2");
        assertEquals(List.of(4, 4, 2), peer.sent().stream().map(text -> unbatched(List.of(text)).size()).toList());
        assertEquals(frames, unbatched(peer.sent()), "in order, each once");
    }

    @Test
    void aBatchHoldsNoMoreCharactersThanItsCapAndALongerFrameGoesAlone() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        String small = frame("x".repeat(20));            // 42 characters
        String big = frame("y".repeat(200));
        Connection connection = connection(peer, w.writers, new Coalescing(64, 100));
        connection.deliver(small);
        connection.deliver(small);
        connection.deliver(small);   // a third would pass 100
        connection.deliver(big);     // longer than the cap on its own
        connection.deliver(small);
        w.runAll();
        List<String> sent = peer.sent();
        assertEquals(4, sent.size());
        assertTrue(isBatch(sent.get(0)));
        assertEquals(List.of(small, small), unbatched(List.of(sent.get(0))));
        assertEquals(small, sent.get(1), "what no longer fits starts the next write");
        assertEquals(big, sent.get(2), "a frame longer than the cap still goes, alone");
        assertEquals(small, sent.get(3));
        sent.stream().filter(CoalescingTest::isBatch).forEach(text -> assertTrue(
                unbatched(List.of(text)).stream().mapToInt(String::length).sum() <= 100, "the frames of a batch fit the cap"));
    }

    @Test
    void aClientThatDidNotAskNeverGetsABatch() throws Exception {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, w.writers, Coalescing.OFF);
        IntStream.range(0, 50).forEach(i -> connection.deliverMessage(i + 1, 5, frame("m" + i)));
        connection.deliverPresence(frame("presence"));
        w.runAll();
        assertEquals(51, peer.sent().size(), "every frame a write of its own");
        assertTrue(peer.sent().stream().noneMatch(CoalescingTest::isBatch));

        Writers writers = new Writers(pool, 20, 60_000);
        Peer old = new Peer();
        Connection single = new Connection(old.session, 1, 2, "old", 10_000, writers.direct());
        for (int id = 1; id <= 2_000; id++) {
            try (var fanout = writers.batch()) {
                single.deliverMessage(id, 5, frame("n" + id));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (old.sent().size() < 2_000 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertEquals(2_000, old.sent().size());
        assertTrue(old.sent().stream().noneMatch(CoalescingTest::isBatch), "not under a burst either");
    }

    @Test
    void aWaitingPresenceCountGoesInTheBatchAsTheNewestOne() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, w.writers, BATCHES);
        connection.deliverMessage(1, 5, frame("m1"));
        connection.deliverPresence(frame("online 1"));
        connection.deliverMessage(2, 5, frame("m2"));
        connection.deliverPresence(frame("online 2"));
        w.runAll();
        assertEquals(List.of(frame("m1"), frame("online 2"), frame("m2")), unbatched(peer.sent()));
        assertEquals(1, peer.sent().size());
    }

    @Test
    void aResumeReplaysThenTheHeldLiveFramesOnceInOrderInBatches() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, w.writers, BATCHES);
        connection.startResume();
        connection.deliverMessage(4, 5, frame("live 4"));
        connection.deliverMessage(5, 5, frame("live 5"));
        w.runAll();
        assertTrue(peer.sent().isEmpty(), "held until the replay is done");
        connection.replay(3, 5, frame("replay 3"));
        connection.replay(4, 5, frame("replay 4"));
        connection.finishResume();
        w.runAll();
        assertEquals(List.of(frame("replay 3"), frame("replay 4"), frame("live 5")), unbatched(peer.sent()));
    }

    @Test
    void everySocketOfAFanOutGetsTheSameBatchMadeOnce() {
        ManualWriters w = new ManualWriters();
        List<Peer> peers = IntStream.range(0, 5).mapToObj(i -> new Peer()).toList();
        List<Connection> room = peers.stream().map(p -> connection(p, w.writers, BATCHES)).toList();
        String m1 = frame("m1");   // a fan-out encodes a message's frame once for every socket
        String m2 = frame("m2");
        try (var fanout = w.writers.batch()) {
            room.forEach(c -> c.deliverMessage(1, 5, m1));
            room.forEach(c -> c.deliverMessage(2, 5, m2));
        }
        w.runAll();
        String first = peers.get(0).sent().get(0);
        assertEquals(List.of(frame("m1"), frame("m2")), unbatched(List.of(first)));
        peers.forEach(p -> assertSame(first, p.sent().get(0), "one string for the whole room"));
    }

    @Test
    void aLastWordInABatchIsSentBeforeTheClose() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, w.writers, BATCHES);
        connection.deliver(frame("busy"));
        connection.sendThenClose(frame("banned"), new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "banned"));
        w.runAll();
        assertEquals(List.of(frame("busy"), frame("banned")), unbatched(peer.sent()));
        assertEquals("banned", peer.closedWith.getReasonPhrase());
    }

    @Test
    void aStalledSocketCatchesUpInBatches() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        peer.completeAtOnce = false;
        Connection connection = connection(peer, w.writers, BATCHES);
        connection.stalled();
        connection.deliver(frame("a"));
        w.runAll();
        connection.deliver(frame("b"));
        connection.deliver(frame("c"));
        connection.deliver(frame("d"));
        assertEquals(List.of(frame("a")), peer.sentAsync(), "one asynchronous send in flight");
        peer.inFlight.poll().onResult(new SendResult());
        assertEquals(2, peer.sentAsync().size(), "what waited meanwhile goes in one send");
        peer.inFlight.poll().onResult(new SendResult());
        assertEquals(List.of(frame("a"), frame("b"), frame("c"), frame("d")), unbatched(peer.sentAsync()));
    }

    @Test
    void orderHoldsPerSocketUnderManyFanOutsWithRealWriters() throws Exception {
        Writers writers = new Writers(pool, 20, 60_000);
        List<Peer> peers = IntStream.range(0, 20).mapToObj(i -> new Peer()).toList();
        List<Connection> room = peers.stream().map(p -> connection(p, writers, BATCHES)).toList();
        int messages = 2_000;
        for (int id = 1; id <= messages; id++) {
            long messageId = id;
            try (var fanout = writers.batch()) {
                room.forEach(c -> c.deliverMessage(messageId, 5, Long.toString(messageId)));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((writers.busy() > 0 || room.stream().anyMatch(c -> c.queued() > 0)) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        for (Peer peer : peers) {
            assertEquals(IntStream.rangeClosed(1, messages).mapToObj(Integer::toString).toList(), unbatchedNumbers(peer.sent()));
        }
    }

    /** Frames that are bare numbers here (JSON values all the same), out of their batches. */
    private static List<String> unbatchedNumbers(List<String> sent) {
        List<String> frames = new ArrayList<>();
        for (String text : sent) {
            if (isBatch(text)) {
                Json.createReader(new StringReader(text)).readObject().getJsonArray("frames")
                        .forEach((JsonValue each) -> frames.add(each.toString()));
            } else {
                frames.add(text);
            }
        }
        return frames;
    }

    @Test
    void theBatchFrameIsTheFramesInAnArray() {
        assertEquals("{\"type\":\"batch\",\"frames\":[{\"a\":1},{\"b\":2}]}",
                Coalescing.batch(new String[] {"{\"a\":1}", "{\"b\":2}"}, 2));
        assertTrue(Coalescing.of(false, 64, 1000, 25) == Coalescing.OFF);
        assertTrue(Coalescing.of(true, 64, 1000, 25).on());
        assertTrue(!Coalescing.of(true, 1, 1000, 25).on(), "a cap of one frame is no batching");
        assertEquals(0, Coalescing.of(true, 1, 1000, 25).paceNanos(), "nor pacing");
    }

    private static final long PACE_MILLIS = 200;
    private static final Coalescing PACED = Coalescing.of(true, 64, 65_536, PACE_MILLIS);

    /** One fan-out of {@code frame} as message {@code id}, the way a room's frames reach its sockets. */
    private static void fanOut(Writers writers, Connection connection, long id, String frame) {
        try (var fanout = writers.batch()) {
            connection.deliverMessage(id, 5, frame);
        }
    }

    @Test
    void aBusySocketsNextFramesWaitForItsPaceAndLeaveInOneWrite() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, w.writers, PACED);
        fanOut(w.writers, connection, 1, frame("m1"));
        w.runAll();
        assertEquals(List.of(frame("m1")), peer.sent(), "a quiet socket is written at once");
        fanOut(w.writers, connection, 2, frame("m2"));
        fanOut(w.writers, connection, 3, frame("m3"));
        w.writers.releasePaced(System.nanoTime());
        w.runAll();
        assertEquals(1, peer.sent().size(), "written a moment ago: the next frames wait for the pace");
        w.writers.releasePaced(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PACE_MILLIS + 5));
        w.runAll();
        assertEquals(2, peer.sent().size(), "then leave together");
        assertEquals(List.of(frame("m1"), frame("m2"), frame("m3")), unbatched(peer.sent()));
    }

    @Test
    void aSocketQuietForAPaceIsWrittenAtOnce() throws Exception {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, w.writers, Coalescing.of(true, 64, 65_536, 5));
        fanOut(w.writers, connection, 1, frame("m1"));
        w.runAll();
        Thread.sleep(20);
        fanOut(w.writers, connection, 2, frame("m2"));
        w.runAll();
        assertEquals(List.of(frame("m1"), frame("m2")), peer.sent(), "no wait, no batch, no release needed");
    }

    @Test
    void aPersonalFrameIsNotPacedAndTakesThePacedFramesAlongInOrder() {
        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, w.writers, PACED);
        fanOut(w.writers, connection, 1, frame("m1"));
        w.runAll();
        fanOut(w.writers, connection, 2, frame("m2"));
        try (var acks = w.writers.personal()) {
            connection.deliver(frame("ack"));
        }
        w.runAll();
        assertEquals(List.of(frame("m1"), frame("m2"), frame("ack")), unbatched(peer.sent()),
                "the ack goes now, after the copy queued before it");
        w.writers.releasePaced(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PACE_MILLIS + 5));
        w.runAll();
        assertEquals(2, peer.sent().size(), "the paced socket's later turn finds nothing left to send");
    }

    @Test
    void aSocketWhosePacedWritesCarryMoreThanAFrameAPaceIsPacedByTheBusyPaceUntilOneCarriesFewer() {
        long pace = TimeUnit.MILLISECONDS.toNanos(10);
        long busyPace = TimeUnit.MILLISECONDS.toNanos(60);
        Coalescing twoPaces = Coalescing.of(true, 64, 65_536, 10, 60);
        assertEquals(busyPace, twoPaces.busyPaceNanos());
        assertTrue(twoPaces.busyAfter(2, pace), "two frames in one pace: faster than one a pace");
        assertTrue(!twoPaces.busyAfter(1, pace), "one frame a pace is not busy");
        assertTrue(twoPaces.busyAfter(7, busyPace), "seven in the busy pace: still more than one a pace");
        assertTrue(!twoPaces.busyAfter(6, busyPace), "six in sixty milliseconds is one a pace: back to the pace");
        assertTrue(!PACED.busyAfter(50, TimeUnit.MILLISECONDS.toNanos(PACE_MILLIS)), "one pace only: never busy");
        assertEquals(0, Coalescing.of(true, 64, 65_536, 0, 60).busyPaceNanos(), "no pacing, no busy pacing");

        ManualWriters w = new ManualWriters();
        Peer peer = new Peer();
        Connection connection = connection(peer, w.writers, Coalescing.of(true, 64, 65_536, PACE_MILLIS, 3 * PACE_MILLIS));
        long paceNanos = TimeUnit.MILLISECONDS.toNanos(PACE_MILLIS);
        fanOut(w.writers, connection, 1, frame("m1"));
        w.runAll();
        assertEquals(paceNanos, connection.pace(), "a socket written once is held to the pace");
        fanOut(w.writers, connection, 2, frame("m2"));
        fanOut(w.writers, connection, 3, frame("m3"));
        w.writers.releasePaced(System.nanoTime() + paceNanos + TimeUnit.MILLISECONDS.toNanos(5));
        w.runAll();
        assertEquals(3 * paceNanos, connection.pace(), "two frames waited for one pace: busy");
        fanOut(w.writers, connection, 4, frame("m4"));
        w.writers.releasePaced(System.nanoTime() + paceNanos + TimeUnit.MILLISECONDS.toNanos(5));
        w.runAll();
        assertEquals(2, peer.sent().size(), "a busy socket's frame waits for the busy pace, not the pace");
        w.writers.releasePaced(System.nanoTime() + 3 * paceNanos + TimeUnit.MILLISECONDS.toNanos(5));
        w.runAll();
        assertEquals(paceNanos, connection.pace(), "one frame in a busy pace: back to the pace");
        assertEquals(List.of(frame("m1"), frame("m2"), frame("m3"), frame("m4")), unbatched(peer.sent()));
    }

    @Test
    void pacedFramesArriveExactlyOnceInOrderWithRealWriters() throws Exception {
        Writers writers = new Writers(pool, 20, 60_000);
        List<Peer> peers = IntStream.range(0, 10).mapToObj(i -> new Peer()).toList();
        List<Connection> room = peers.stream().map(p -> connection(p, writers, Coalescing.of(true, 64, 65_536, 3))).toList();
        int messages = 300;
        for (int id = 1; id <= messages; id++) {
            long messageId = id;
            try (var fanout = writers.batch()) {
                room.forEach(c -> c.deliverMessage(messageId, 5, Long.toString(messageId)));
            }
            writers.releasePaced(System.nanoTime());   // the watchdog's tick, here by hand
            if (id % 10 == 0) {
                Thread.sleep(1);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (peers.stream().anyMatch(p -> unbatchedNumbers(p.sent()).size() < messages) && System.nanoTime() < deadline) {
            writers.releasePaced(System.nanoTime());
            Thread.sleep(2);
        }
        for (Peer peer : peers) {
            assertEquals(IntStream.rangeClosed(1, messages).mapToObj(Integer::toString).toList(), unbatchedNumbers(peer.sent()));
            assertTrue(peer.sent().size() < messages, "fewer writes than frames: " + peer.sent().size());
        }
    }
}
