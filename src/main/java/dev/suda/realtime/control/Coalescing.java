package dev.suda.realtime.control;

/**
 * Whether, and how far, a socket's writer joins the frames that waited for it into one {@code batch} frame:
 * {@code {"type":"batch","frames":[{...},{...}]}}. Only for a client that asked for it at the handshake
 * ({@code ?batch=1}); any other gets every frame on its own.
 *
 * <p>A quiet socket does not wait to be batched: its first frame is written as soon as a writer takes it, alone;
 * frames that queued meanwhile (during that write, or while the socket waited for its writer behind a fan-out) leave
 * together in the next write, in the order they were queued, at most {@code maxFrames} of them and at most
 * {@code maxChars} characters of frames (a longer frame still goes, alone). One write, one WebSocket frame header and
 * one system call carry what took several; the frames inside are exactly those a client without batching gets.
 *
 * <p>A busy socket is paced: a room's frame for a socket whose last write started less than {@code paceNanos} ago
 * waits until that much time has passed, and leaves with whatever else came meanwhile. A socket quiet for a pace is
 * written at once, so a room below {@code 1 s / pace} frames a second sees no delay at all; in a busier room a socket
 * takes one write per pace instead of one per frame. Personal frames (acks, errors, a ban) never wait. A socket whose
 * paced writes carry more frames than one a pace (a room of more than {@code 1 s / pace} frames a second) is busy, and
 * is paced by {@code busyPaceNanos} instead, until a paced write carries fewer: each write then carries several frames
 * for a cost a little over one's, where only a person reading a stream too fast to read waits for them.
 *
 * @param maxFrames most frames in one batch; 1 turns batching off
 * @param maxChars  most characters of frames in one batch (UTF-16 units: bytes for ASCII text)
 * @param paceNanos least time between the starts of two writes of a room's frames to one socket; 0: no pacing
 * @param busyPaceNanos the same for a busy socket; at least {@code paceNanos}
 */
public record Coalescing(int maxFrames, int maxChars, long paceNanos, long busyPaceNanos) {

    /** Every frame on its own: for clients that did not ask for batches. */
    public static final Coalescing OFF = new Coalescing(1, 0, 0, 0);

    private static final String BEGIN = "{\"type\":\"batch\",\"frames\":[";
    private static final String END = "]}";

    public Coalescing {
        maxFrames = Math.max(1, maxFrames);
        maxChars = Math.max(0, maxChars);
        paceNanos = maxFrames > 1 ? Math.max(0, paceNanos) : 0;
        busyPaceNanos = paceNanos > 0 ? Math.max(paceNanos, busyPaceNanos) : 0;
    }

    /** Batches without pacing: what queued while the socket waited for its writer, and nothing more. */
    public Coalescing(int maxFrames, int maxChars) {
        this(maxFrames, maxChars, 0, 0);
    }

    /** Batches for a client that asked for them, with these caps and paces; {@link #OFF} for one that did not. */
    public static Coalescing of(boolean asked, int maxFrames, int maxChars, long paceMillis, long busyPaceMillis) {
        return asked && maxFrames > 1
                ? new Coalescing(maxFrames, maxChars, paceMillis * 1_000_000, busyPaceMillis * 1_000_000) : OFF;
    }

    /** The same with one pace for every socket. */
    public static Coalescing of(boolean asked, int maxFrames, int maxChars, long paceMillis) {
        return of(asked, maxFrames, maxChars, paceMillis, paceMillis);
    }

    /**
     * Whether a socket is busy after a write of {@code frames} frames that waited for a pace of {@code paceNanos}: they
     * came faster than one a (base) pace.
     */
    boolean busyAfter(int frames, long paceNanos) {
        return busyPaceNanos > this.paceNanos && (long) frames * this.paceNanos > paceNanos;
    }

    public boolean on() {
        return maxFrames > 1;
    }

    /** Whether a frame of {@code chars} may join a batch that holds {@code frames} frames of {@code held} characters. */
    boolean fits(int frames, long held, int chars) {
        return frames < maxFrames && held + chars <= maxChars;
    }

    /** The batch frame of {@code frames[0, count)}, in that order. */
    static String batch(String[] frames, int count) {
        int length = BEGIN.length() + END.length() + count - 1;
        for (int i = 0; i < count; i++) {
            length += frames[i].length();
        }
        StringBuilder text = new StringBuilder(length).append(BEGIN);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(frames[i]);
        }
        return text.append(END).toString();
    }
}
