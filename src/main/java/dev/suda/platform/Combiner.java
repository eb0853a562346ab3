package dev.suda.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs concurrent calls in batches: a call that arrives while a batch is running is queued and returned at once,
 * and the caller that is running batches runs the next one for every call queued meanwhile. Alone, a call runs at
 * once on its caller's thread, in a batch of one; under load, many calls share one round trip instead of taking
 * one each, and no caller waits for a batch: what it gets is a future. Nothing runs on a thread of its own.
 *
 * @param <I> what one call asks
 * @param <O> what one call gets
 */
public final class Combiner<I, O> {

    private final Function<List<I>, List<O>> batch;
    private final int maxBatch;
    private final Queue<Call<I, O>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * @param batch    runs a batch: one result per input, in the inputs' order; what it throws fails every call of
     *                 the batch
     * @param maxBatch the most calls in one batch
     */
    public Combiner(Function<List<I>, List<O>> batch, int maxBatch) {
        this.batch = batch;
        this.maxBatch = maxBatch;
    }

    /**
     * Queues the input for the next batch, and runs batches on this thread while nobody else does. The future
     * completes when the input's batch has run, on the thread that ran it.
     */
    public CompletableFuture<O> submit(I input) {
        Call<I, O> call = new Call<>(input, new CompletableFuture<>());
        waiting.add(call);
        // Queued before trying to run: a runner that stops because the queue looked empty looks again after it
        // stopped, so a call queued in between is never left behind.
        while (!waiting.isEmpty() && running.compareAndSet(false, true)) {
            try {
                while (!waiting.isEmpty()) {
                    runBatch();
                }
            } finally {
                running.set(false);
            }
        }
        return call.result();
    }

    /** How many calls wait for a batch now. */
    public int waiting() {
        return waiting.size();
    }

    private void runBatch() {
        List<Call<I, O>> calls = new ArrayList<>();
        for (Call<I, O> call; calls.size() < maxBatch && (call = waiting.poll()) != null; ) {
            calls.add(call);
        }
        List<O> results;
        try {
            results = batch.apply(calls.stream().map(Call::input).toList());
            if (results.size() != calls.size()) {
                throw new IllegalStateException(results.size() + " results for a batch of " + calls.size());
            }
        } catch (RuntimeException | Error failure) {
            calls.forEach(call -> call.result().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < calls.size(); i++) {
            calls.get(i).result().complete(results.get(i));
        }
    }

    private record Call<I, O>(I input, CompletableFuture<O> result) {
    }
}
