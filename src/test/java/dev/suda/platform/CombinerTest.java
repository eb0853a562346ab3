package dev.suda.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CombinerTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void aCallAloneRunsAtOnceInABatchOfOne() {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        Combiner<Integer, String> combiner = new Combiner<>(inputs -> {
            batches.add(inputs);
            return inputs.stream().map(i -> "r" + i).toList();
        }, 10);
        assertEquals("r1", combiner.call(1));
        assertEquals("r2", combiner.call(2));
        assertEquals(List.of(List.of(1), List.of(2)), batches);
    }

    @Test
    void callsThatArriveWhileABatchRunsShareTheNextAndEachGetsItsOwnResult() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        Combiner<Integer, Integer> combiner = new Combiner<>(inputs -> {
            batches.add(inputs);
            if (batches.size() == 1) {
                firstRunning.countDown();
                await(releaseFirst);
            }
            return inputs.stream().map(i -> i * 10).toList();
        }, 100);

        Future<Integer> first = callers.submit(() -> combiner.call(0));
        assertTrue(firstRunning.await(5, TimeUnit.SECONDS));
        List<Future<Integer>> later = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int input = i;
            later.add(callers.submit(() -> combiner.call(input)));
        }
        while (combiner.waiting() < 5) {
            Thread.onSpinWait();
        }
        releaseFirst.countDown();

        assertEquals(0, first.get(5, TimeUnit.SECONDS));
        for (int i = 1; i <= 5; i++) {
            assertEquals(i * 10, later.get(i - 1).get(5, TimeUnit.SECONDS));
        }
        assertEquals(2, batches.size(), "the five waiting calls went in one batch: " + batches);
        assertEquals(List.of(0), batches.get(0));
        assertEquals(5, batches.get(1).size());
    }

    @Test
    void aBatchHoldsAtMostTheLimitAndTheRestRunInTheNext() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        Combiner<Integer, Integer> combiner = new Combiner<>(inputs -> {
            sizes.add(inputs.size());
            if (sizes.size() == 1) {
                firstRunning.countDown();
                await(releaseFirst);
            }
            return inputs;
        }, 3);
        Future<Integer> first = callers.submit(() -> combiner.call(0));
        assertTrue(firstRunning.await(5, TimeUnit.SECONDS));
        List<Future<Integer>> later = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            int input = i;
            later.add(callers.submit(() -> combiner.call(input)));
        }
        while (combiner.waiting() < 7) {
            Thread.onSpinWait();
        }
        releaseFirst.countDown();
        first.get(5, TimeUnit.SECONDS);
        for (int i = 1; i <= 7; i++) {
            assertEquals(i, later.get(i - 1).get(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of(1, 3, 3, 1), sizes);
    }

    @Test
    void whatABatchThrowsReachesEveryCallOfItAndTheNextBatchRunsAnyway() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        IllegalStateException down = new IllegalStateException("down");
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        Combiner<Integer, Integer> combiner = new Combiner<>(inputs -> {
            sizes.add(inputs.size());
            if (sizes.size() == 1) {
                firstRunning.countDown();
                await(releaseFirst);
                return inputs;
            }
            if (sizes.size() == 2) {
                throw down;
            }
            return inputs;
        }, 100);
        Future<Integer> first = callers.submit(() -> combiner.call(0));
        assertTrue(firstRunning.await(5, TimeUnit.SECONDS));
        List<CompletableFuture<Integer>> failed = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int input = i;
            failed.add(CompletableFuture.supplyAsync(() -> combiner.call(input), callers));
        }
        while (combiner.waiting() < 3) {
            Thread.onSpinWait();
        }
        releaseFirst.countDown();
        assertEquals(0, first.get(5, TimeUnit.SECONDS));
        for (CompletableFuture<Integer> call : failed) {
            Exception thrown = assertThrows(Exception.class, () -> call.get(5, TimeUnit.SECONDS));
            assertSame(down, thrown.getCause());
        }
        assertEquals(4, combiner.call(4));
        assertEquals(List.of(1, 3, 1), sizes);
    }

    @Test
    void manyCallersEachGetTheirOwnResult() throws Exception {
        Combiner<Integer, Integer> combiner = new Combiner<>(inputs -> inputs.stream().map(i -> -i).toList(), 16);
        ExecutorService callers = Executors.newFixedThreadPool(32);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int input = i;
            calls.add(callers.submit(() -> combiner.call(input)));
        }
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(-i, calls.get(i).get(10, TimeUnit.SECONDS));
        }
        assertEquals(0, combiner.waiting());
        callers.shutdown();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
