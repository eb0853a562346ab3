package dev.suda.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CombinerTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(32);

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void aCallAloneRunsAtOnceOnItsCallersThreadInABatchOfOne() {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        Combiner<Integer, String> combiner = new Combiner<>(inputs -> {
            batches.add(inputs);
            ranOn.add(Thread.currentThread());
            return inputs.stream().map(i -> "r" + i).toList();
        }, 10);
        CompletableFuture<String> first = combiner.submit(1);
        assertTrue(first.isDone(), "ran before submit returned");
        assertEquals("r1", first.join());
        assertEquals("r2", combiner.submit(2).join());
        assertEquals(List.of(List.of(1), List.of(2)), batches);
        assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), ranOn);
    }

    @Test
    void callsThatArriveWhileABatchRunsReturnAtOnceAndShareTheNextBatch() throws Exception {
        HeldFirst held = new HeldFirst();
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        Combiner<Integer, Integer> combiner = new Combiner<>(held.around(inputs -> {
            batches.add(inputs);
            return inputs.stream().map(i -> i * 10).toList();
        }), 100);

        List<CompletableFuture<Integer>> calls = held.submitBehindIt(combiner, 5, later -> {
            // submitted on this thread: each returned at once, its call queued behind the running batch
            later.forEach(call -> assertFalse(call.isDone()));
            assertEquals(5, combiner.waiting());
        });

        for (int i = 0; i <= 5; i++) {
            assertEquals(i * 10, calls.get(i).get(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of(List.of(0), List.of(1, 2, 3, 4, 5)), batches, "the runner ran the queued calls in one batch");
    }

    @Test
    void aBatchHoldsAtMostTheLimitAndTheRestRunInTheNext() throws Exception {
        HeldFirst held = new HeldFirst();
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        Combiner<Integer, Integer> combiner = new Combiner<>(held.around(inputs -> {
            sizes.add(inputs.size());
            return inputs;
        }), 3);
        List<CompletableFuture<Integer>> calls = held.submitBehindIt(combiner, 7, later -> { });
        for (int i = 0; i <= 7; i++) {
            assertEquals(i, calls.get(i).get(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of(1, 3, 3, 1), sizes);
    }

    @Test
    void whatABatchThrowsFailsEveryCallOfItAndTheNextBatchRunsAnyway() throws Exception {
        HeldFirst held = new HeldFirst();
        IllegalStateException down = new IllegalStateException("down");
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        Combiner<Integer, Integer> combiner = new Combiner<>(held.around(inputs -> {
            sizes.add(inputs.size());
            if (sizes.size() == 2) {
                throw down;
            }
            return inputs;
        }), 100);
        List<CompletableFuture<Integer>> calls = held.submitBehindIt(combiner, 3, later -> { });
        assertEquals(0, calls.get(0).get(5, TimeUnit.SECONDS));
        for (CompletableFuture<Integer> call : calls.subList(1, 4)) {
            ExecutionException thrown = assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
            assertSame(down, thrown.getCause());
        }
        assertEquals(4, combiner.submit(4).join());
        assertEquals(List.of(1, 3, 1), sizes);
    }

    @Test
    void manyConcurrentCallersEachGetTheirOwnResultAndNoneIsLeftBehind() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        Combiner<Integer, Integer> combiner = new Combiner<>(inputs -> {
            sizes.add(inputs.size());
            return inputs.stream().map(i -> -i).toList();
        }, 16);
        List<Future<CompletableFuture<Integer>>> calls = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int input = i;
            calls.add(callers.submit(() -> combiner.submit(input)));
        }
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(-i, calls.get(i).get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
        }
        assertEquals(0, combiner.waiting());
        assertEquals(20_000, sizes.stream().mapToInt(Integer::intValue).sum());
    }

    /** Holds a combiner's first batch until the test has queued what it needs behind it. */
    private final class HeldFirst {
        private final CountDownLatch firstRunning = new CountDownLatch(1);
        private final CountDownLatch releaseFirst = new CountDownLatch(1);
        private final AtomicInteger batches = new AtomicInteger();

        /** The batch, held on its first run until {@link #submitBehindIt} lets it go. */
        Function<List<Integer>, List<Integer>> around(Function<List<Integer>, List<Integer>> batch) {
            return inputs -> {
                if (batches.getAndIncrement() == 0) {
                    firstRunning.countDown();
                    try {
                        assertTrue(releaseFirst.await(5, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return batch.apply(inputs);
            };
        }

        /**
         * Submits 0 on another thread; once its batch is held, submits 1 to {@code behind} on this one and hands those
         * calls to {@code whileHeld}; then lets the first batch go. Returns every call's future, 0's first.
         */
        List<CompletableFuture<Integer>> submitBehindIt(Combiner<Integer, Integer> combiner, int behind,
                                                        Consumer<List<CompletableFuture<Integer>>> whileHeld) throws Exception {
            Future<CompletableFuture<Integer>> first = callers.submit(() -> combiner.submit(0));
            assertTrue(firstRunning.await(5, TimeUnit.SECONDS));
            List<CompletableFuture<Integer>> later = new ArrayList<>();
            for (int i = 1; i <= behind; i++) {
                later.add(combiner.submit(i));
            }
            whileHeld.accept(later);
            releaseFirst.countDown();
            List<CompletableFuture<Integer>> all = new ArrayList<>(List.of(first.get(5, TimeUnit.SECONDS)));
            all.addAll(later);
            return all;
        }
    }
}
