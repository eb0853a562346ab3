package dev.suda.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Runs concurrent calls in batches: a call that arrives while a batch is running waits for the next batch,
 * which one of the waiting callers runs for all of them. Alone, a call runs at once in a batch of one; under load,
 * many callers share one round trip instead of taking one each. The callers' threads do the work, so nothing
 * runs on a thread of its own and nothing is left behind when the callers are gone.
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
     * @param batch    runs a batch: one result per input, in the inputs' order; what it throws reaches every call of
     *                 the batch
     * @param maxBatch the most calls in one batch
     */
    public Combiner(Function<List<I>, List<O>> batch, int maxBatch) {
        this.batch = batch;
        this.maxBatch = maxBatch;
    }

    /** Runs the input in the next batch and returns its result; blocks until that batch has run. */
    public O call(I input) {
        Call<I, O> call = new Call<>(input, Thread.currentThread());
        waiting.add(call);
        // Queued before trying to run: a runner that finishes then sees this call, and wakes it to run the next batch.
        while (!call.done) {
            if (running.compareAndSet(false, true)) {
                try {
                    runBatch();
                } finally {
                    running.set(false);
                }
                Call<I, O> next = waiting.peek();
                if (next != null) {
                    LockSupport.unpark(next.thread);
                }
            } else {
                // woken when its batch ran, or to run the next one; an interrupt only makes it look again
                LockSupport.park(this);
            }
        }
        if (call.failure != null) {
            throw call.failure;
        }
        return call.result;
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
        if (calls.isEmpty()) {
            return;
        }
        try {
            List<O> results = batch.apply(calls.stream().map(Call::input).toList());
            if (results.size() != calls.size()) {
                throw new IllegalStateException(results.size() + " results for a batch of " + calls.size());
            }
            for (int i = 0; i < calls.size(); i++) {
                calls.get(i).complete(results.get(i), null);
            }
        } catch (RuntimeException | Error failure) {
            RuntimeException reported = failure instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("A batch failed", failure);
            calls.forEach(call -> call.complete(null, reported));
        }
    }

    private static final class Call<I, O> {
        private final I input;
        private final Thread thread;
        private O result;
        private RuntimeException failure;
        private volatile boolean done;

        Call(I input, Thread thread) {
            this.input = input;
            this.thread = thread;
        }

        I input() {
            return input;
        }

        void complete(O result, RuntimeException failure) {
            this.result = result;
            this.failure = failure;
            done = true;
            if (thread != Thread.currentThread()) {
                LockSupport.unpark(thread);
            }
        }
    }
}
