package dev.suda.bench;

import java.util.Arrays;

/** Latencies in microseconds, kept whole (bounded by the scenario's count) and sorted for percentiles. */
final class Stats {

    private long[] values = new long[1024];
    private int size;

    synchronized void add(long micros) {
        if (size == values.length) {
            if (size >= 20_000_000) {
                return;
            }
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = micros;
    }

    /** Adds every value of {@code other} (another instance, not this one). */
    void addAll(Stats other) {
        long[] copy;
        synchronized (other) {
            copy = Arrays.copyOf(other.values, other.size);
        }
        for (long micros : copy) {
            add(micros);
        }
    }

    synchronized void reset() {
        size = 0;
    }

    synchronized int count() {
        return size;
    }

    /** p in 0..100; milliseconds with two decimals; NaN when empty. */
    synchronized double ms(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int at = (int) Math.ceil(p / 100.0 * size) - 1;
        return Math.round(sorted[Math.max(0, Math.min(size - 1, at))] / 10.0) / 100.0;
    }

    synchronized double maxMs() {
        return ms(100);
    }

    Json.Obj summary() {
        return new Json.Obj().put("count", count()).put("p50Ms", ms(50)).put("p99Ms", ms(99)).put("maxMs", maxMs());
    }
}
