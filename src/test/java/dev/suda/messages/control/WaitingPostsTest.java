package dev.suda.messages.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitingPostsTest {

    @Test
    void aUserWaitsForAtMostMaxPostsAndOthersAreNotHeldBack() {
        WaitingPosts waiting = new WaitingPosts(3);
        assertTrue(waiting.enter(1));
        assertTrue(waiting.enter(1));
        assertTrue(waiting.enter(1));
        assertFalse(waiting.enter(1), "a fourth waiting post of the same user");
        assertEquals(3, waiting.of(1), "a refused post is not counted");
        assertTrue(waiting.enter(2), "another user");
        waiting.leave(1);
        assertTrue(waiting.enter(1), "a stored post makes room for the next");
    }

    @Test
    void usersWithNothingWaitingAreForgotten() {
        WaitingPosts waiting = new WaitingPosts(2);
        waiting.enter(7);
        waiting.enter(7);
        waiting.leave(7);
        waiting.leave(7);
        waiting.leave(7);
        assertEquals(0, waiting.of(7));
        assertEquals(0, waiting.users());
    }

    @Test
    void concurrentEntriesNeverPassTheBound() throws Exception {
        WaitingPosts waiting = new WaitingPosts(5);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        AtomicInteger entered = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int i = 0; i < 200; i++) {
                threads.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (waiting.enter(42)) {
                        entered.incrementAndGet();
                    }
                });
            }
            start.countDown();
        } finally {
            threads.shutdown();
            assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(5, entered.get());
        assertEquals(5, waiting.of(42));
    }
}
