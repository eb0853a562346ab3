package dev.suda.realtime.control;

/**
 * Whether, and how far, a socket's writer joins the frames that waited for it into one {@code batch} frame:
 * {@code {"type":"batch","frames":[{...},{...}]}}. Only for a client that asked for it at the handshake
 * ({@code ?batch=1}); any other gets every frame on its own.
 *
 * <p>Nothing waits to be batched. A socket with nothing queued has its first frame written as soon as a writer takes
 * it, alone; only frames that queued meanwhile (during that write, or while the socket waited for its writer behind a
 * fan-out) leave together in the next write, in the order they were queued, at most {@code maxFrames} of them and at
 * most {@code maxChars} characters of frames (a longer frame still goes, alone). One write, one WebSocket frame header
 * and one system call carry what took several; the frames inside are exactly those a client without batching gets.
 *
 * @param maxFrames most frames in one batch; 1 turns batching off
 * @param maxChars  most characters of frames in one batch (UTF-16 units: bytes for ASCII text)
 */
public record Coalescing(int maxFrames, int maxChars) {

    /** Every frame on its own: for clients that did not ask for batches. */
    public static final Coalescing OFF = new Coalescing(1, 0);

    private static final String BEGIN = "{\"type\":\"batch\",\"frames\":[";
    private static final String END = "]}";

    public Coalescing {
        maxFrames = Math.max(1, maxFrames);
        maxChars = Math.max(0, maxChars);
    }

    /** Batches for a client that asked for them, with these caps; {@link #OFF} for one that did not. */
    public static Coalescing of(boolean asked, int maxFrames, int maxChars) {
        return asked && maxFrames > 1 ? new Coalescing(maxFrames, maxChars) : OFF;
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
