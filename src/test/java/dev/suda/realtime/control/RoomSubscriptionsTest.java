package dev.suda.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.suda.platform.LocalSharedState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomSubscriptionsTest {

    /** The in-process store, counting what the bookkeeping asks of it. */
    static final class CountingState extends LocalSharedState {
        final AtomicInteger subscribes = new AtomicInteger();
        final AtomicInteger unsubscribes = new AtomicInteger();
        /** A second subscription of a channel already held would be a bookkeeping error. */
        final Set<String> held = ConcurrentHashMap.newKeySet();
        final AtomicInteger doubleSubscribes = new AtomicInteger();
        final AtomicInteger strayUnsubscribes = new AtomicInteger();

        @Override
        public void subscribe(String channel, Consumer<String> listener) {
            subscribes.incrementAndGet();
            if (!held.add(channel)) {
                doubleSubscribes.incrementAndGet();
            }
            super.subscribe(channel, listener);
        }

        @Override
        public void unsubscribe(String channel, Consumer<String> listener) {
            unsubscribes.incrementAndGet();
            if (!held.remove(channel)) {
                strayUnsubscribes.incrementAndGet();
            }
            super.unsubscribe(channel, listener);
        }
    }

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final CountingState state = new CountingState();
    private final List<String> heard = new ArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private RoomSubscriptions subscriptions(long lingerMillis) {
        return new RoomSubscriptions(state, scheduler, Duration.ofMillis(lingerMillis), heard::add);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void theFirstSocketOfARoomSubscribesAndTheOthersDoNot() {
        RoomSubscriptions subscriptions = subscriptions(50);
        subscriptions.open(7);
        subscriptions.open(7);
        subscriptions.open(7);
        assertEquals(1, state.subscribes.get());
        assertEquals(Set.of(RoomSubscriptions.channel(7)), state.subscribedChannels());
        state.publish(RoomSubscriptions.channel(7), "hello");
        state.publish(RoomSubscriptions.channel(8), "not for this node");
        assertEquals(List.of("hello"), heard);
        assertEquals(Set.of(7L), subscriptions.rooms());
    }

    @Test
    void theLastSocketsCloseUnsubscribesOnlyAfterTheLinger() throws InterruptedException {
        RoomSubscriptions subscriptions = subscriptions(300);
        subscriptions.open(7);
        subscriptions.open(7);
        subscriptions.close(7);
        Thread.sleep(400);
        assertEquals(0, state.unsubscribes.get(), "one socket is still open");
        long closedAt = System.nanoTime();
        subscriptions.close(7);
        assertEquals(Set.of(RoomSubscriptions.channel(7)), state.subscribedChannels(), "still held while it lingers");
        waitFor(() -> state.unsubscribes.get() == 1);
        assertTrue(System.nanoTime() - closedAt >= TimeUnit.MILLISECONDS.toNanos(300), "not before the linger ran out");
        assertEquals(1, state.unsubscribes.get());
        assertEquals(Set.of(), state.subscribedChannels());
        assertEquals(Set.of(), subscriptions.rooms());
    }

    @Test
    void aSocketThatOpensWhileTheRoomLingersKeepsTheSubscription() throws InterruptedException {
        RoomSubscriptions subscriptions = subscriptions(200);
        subscriptions.open(7);
        subscriptions.close(7);
        subscriptions.open(7);
        Thread.sleep(500);
        assertEquals(1, state.subscribes.get());
        assertEquals(0, state.unsubscribes.get());
        assertEquals(Set.of(RoomSubscriptions.channel(7)), state.subscribedChannels());
    }

    @Test
    void aRoomLeftAndOpenedAgainIsSubscribedAgain() throws InterruptedException {
        RoomSubscriptions subscriptions = subscriptions(20);
        subscriptions.open(7);
        subscriptions.close(7);
        waitFor(() -> state.unsubscribes.get() == 1);
        subscriptions.open(7);
        assertEquals(2, state.subscribes.get());
        assertEquals(Set.of(RoomSubscriptions.channel(7)), state.subscribedChannels());
    }

    @Test
    void concurrentOpensAndClosesLeaveEveryRoomSubscribedExactlyWhileItHasSockets() throws Exception {
        RoomSubscriptions subscriptions = subscriptions(1);   // lingers so short that leaves race with opens
        int threads = 8;
        int rounds = 2000;
        long[] rooms = {1, 2, 3};
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicInteger failures = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        long room = rooms[ThreadLocalRandom.current().nextInt(rooms.length)];
                        subscriptions.open(room);
                        if (!state.subscribedChannels().contains(RoomSubscriptions.channel(room))) {
                            failures.incrementAndGet();   // an open socket's room must be heard
                        }
                        if (ThreadLocalRandom.current().nextBoolean()) {
                            Thread.sleep(0, 50_000);
                        }
                        subscriptions.close(room);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        // one socket that stays open the whole time: its room must never be left
        subscriptions.open(9);
        start.countDown();
        assertTrue(done.await(60, TimeUnit.SECONDS));
        assertEquals(0, failures.get(), "a socket's room was not subscribed while it was open");
        assertEquals(0, state.doubleSubscribes.get(), "a room was subscribed twice");
        assertEquals(0, state.strayUnsubscribes.get(), "a room was unsubscribed that was not subscribed");
        waitFor(() -> state.subscribedChannels().equals(Set.of(RoomSubscriptions.channel(9))));
        assertEquals(Set.of(RoomSubscriptions.channel(9)), state.subscribedChannels(), "only the room with a socket is held");
        assertEquals(state.subscribes.get() - 1, state.unsubscribes.get(), "every other subscription was given up");
        assertFalse(subscriptions.rooms().contains(1L) && subscriptions.rooms().contains(2L) && subscriptions.rooms().contains(3L));
    }
}
