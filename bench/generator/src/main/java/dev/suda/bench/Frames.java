package dev.suda.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the generator sends and how it reads what comes back, without a JSON parser on the hot path.
 *
 * <p>A benchmark message's content is {@code ~b<step>:<sendMicros>:<seq>:<padding>} and its clientMsgId
 * {@code k<step>_<sendMicros>_<seq>}: every copy and every ack carries its own send time, on the generator's
 * clock. Copies of the current step are counted on every socket; their latency is recorded on sampled sockets.
 */
final class Frames implements Ws.Listener {

    private static final byte[] CONTENT = "\"content\":\"~b".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_ID = "\"clientMsgId\":\"k".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CODE = "\"code\":\"".getBytes(StandardCharsets.US_ASCII);
    /** How a batch frame ({@code ?batch=1}) begins, and how each frame in it does. */
    private static final byte[] BATCH = "{\"type\":\"batch\",\"frames\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FRAME = ",{\"type\":\"".getBytes(StandardCharsets.US_ASCII);

    static long nowMicros() {
        return System.nanoTime() / 1000;
    }

    /** A sendMessage frame; {@code pad} extra characters in a field the server ignores (ceiling: echo size like Suda's). */
    static String message(int step, long seq, String padding, String extra) {
        long now = nowMicros();
        return "{\"type\":\"sendMessage\",\"clientMsgId\":\"k" + step + "_" + now + "_" + seq + "\",\"content\":\"~b"
                + step + ":" + now + ":" + seq + ":" + padding + "\"" + extra + "}";
    }

    volatile int step = -1;
    // written by the reactor thread only
    volatile long copies;
    volatile long copyBytes;
    volatile long lastCopyNanos;
    volatile long frames;
    /** WebSocket frames that were batches, and the frames they carried. */
    volatile long batches;
    volatile long batchedFrames;
    volatile long acks;
    final Stats latency = new Stats();
    final Stats ackLatency = new Stats();
    final LongList ackedIds = new LongList();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final Map<String, LongAdder> closes = new ConcurrentHashMap<>();

    /** Starts counting a new step: copies and latencies of earlier steps are no longer counted. */
    void newStep(int next) {
        step = next;
        copies = 0;
        copyBytes = 0;
        acks = 0;
        batches = 0;
        batchedFrames = 0;
        lastCopyNanos = System.nanoTime();
        latency.reset();
        ackLatency.reset();
        errors.clear();
    }

    @Override
    public void text(Ws ws, byte[] a, int off, int len) {
        if (len > BATCH.length && a[off + 9] == 'b' && startsWith(a, off, BATCH)) {
            batch(ws, a, off + BATCH.length, off + len - 2);
            return;
        }
        frame(ws, a, off, len);
    }

    /**
     * The frames of a batch, each handed on as if it had come alone: they are the same frames, joined with commas in
     * an array, and each begins with {@code {"type":"} (the benchmark's contents never hold that).
     */
    private void batch(Ws ws, byte[] a, int from, int to) {
        batches++;
        int start = from;
        while (start < to) {
            int next = indexOf(a, start + 1, to, FRAME);
            int end = next < 0 ? to : next - FRAME.length;
            batchedFrames++;
            frame(ws, a, start, end - start);
            start = end + 1;
        }
    }

    private static boolean startsWith(byte[] a, int off, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (a[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void frame(Ws ws, byte[] a, int off, int len) {
        frames++;
        int end = off + len;
        // {"type":"x... : the first letter after the prefix tells most frames apart
        char t = len > 10 ? (char) a[off + 9] : '?';
        if (t == 'a' && a[off + 10] == 'c') {
            ack(a, off, end);
            return;
        }
        if (t == 'e' && a[off + 10] == 'r') {
            int c = indexOf(a, off, end, CODE);
            String code = c < 0 ? "?" : new String(a, c, Math.max(0, indexOfQuote(a, c, end) - c), StandardCharsets.UTF_8);
            errors.computeIfAbsent(code, k -> new LongAdder()).increment();
            return;
        }
        int c = indexOf(a, off, end, CONTENT);
        if (c < 0) {
            return;
        }
        long stepOf = 0;
        int i = c;
        while (i < end && a[i] != ':') {
            stepOf = stepOf * 10 + (a[i++] - '0');
        }
        if (stepOf != step) {
            return;
        }
        copies++;
        copyBytes += len;
        ws.copies++;
        long now = System.nanoTime();
        lastCopyNanos = now;
        if (ws.sampled) {
            long sent = 0;
            for (i++; i < end && a[i] != ':'; i++) {
                sent = sent * 10 + (a[i] - '0');
            }
            latency.add(now / 1000 - sent);
        }
    }

    private void ack(byte[] a, int off, int end) {
        int c = indexOf(a, off, end, CLIENT_ID);
        int d = indexOf(a, off, end, ID);
        if (c < 0 || d < 0) {
            return;
        }
        long id = 0;
        for (int i = d; i < end && a[i] >= '0' && a[i] <= '9'; i++) {
            id = id * 10 + (a[i] - '0');
        }
        ackedIds.add(id);
        long stepOf = 0;
        int i = c;
        while (i < end && a[i] != '_') {
            stepOf = stepOf * 10 + (a[i++] - '0');
        }
        if (stepOf != step) {
            return;
        }
        acks++;
        long sent = 0;
        for (i++; i < end && a[i] != '_'; i++) {
            sent = sent * 10 + (a[i] - '0');
        }
        ackLatency.add(nowMicros() - sent);
    }

    @Override
    public void closed(Ws ws) {
        closes.computeIfAbsent(ws.closeCode + " " + ws.closeReason, k -> new LongAdder()).increment();
    }

    static Json.Obj counts(Map<String, LongAdder> map) {
        Json.Obj obj = new Json.Obj();
        map.forEach((k, v) -> obj.put(k, v.sum()));
        return obj;
    }

    /** Position just after {@code needle} in a[from, to), or -1. */
    static int indexOf(byte[] a, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (a[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i + needle.length;
        }
        return -1;
    }

    static int indexOfQuote(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == '"') {
                return i;
            }
        }
        return to;
    }

    /** A growable list of longs (acknowledged ids). */
    static final class LongList {
        private long[] values = new long[1024];
        private int size;

        synchronized void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        synchronized long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
