package dev.suda.realtime.control;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open room socket and its outbound queue. Whoever delivers a frame only queues it; a {@link Writers writer}
 * sends it with the blocking remote, so a slow reader never blocks the thread that fans a message out. The queue
 * is bounded, and a reader that falls hopelessly behind is closed (1008, "too slow") instead of holding memory
 * without end. Frames leave in the order they were queued: one writer at a time owns a socket. For a client that asked
 * for it, the frames that queued while the socket waited for its writer or was being written to leave together in one
 * {@code batch} frame ({@link Coalescing}).
 */
public final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    public static final CloseReason TOO_SLOW = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
            "too slow: the client did not read its messages");

    /** Stands in the queue for the newest presence frame (compared by identity). */
    private static final String PRESENCE = new String("presence");

    private final Session session;
    /** Kept: Liberty's getBasicRemote() takes a lock and looks the remote up on every call, 4% of a fan-out. */
    private final RemoteEndpoint.Basic remote;
    private final long roomId;
    private final long userId;
    private final String id;
    private final int maxQueued;
    private final Writers.Direct writers;
    private final Coalescing coalescing;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    /** The socket whose asynchronous send this thread is in: a completion on it comes back inline. */
    private static final ThreadLocal<Connection> SENDING = new ThreadLocal<>();
    private volatile Set<Long> mutedSenders = Set.of();

    /** Where the socket's writer is: it has frames and a writer to come, or one at work, unless IDLE. */
    private enum Writer {
        /** No frames queued: the next one needs a writer. */
        IDLE,
        /** The socket waits in a fan-out for a writer; a personal frame may bring it a writer of its own. */
        WAITING,
        /** The socket waits in a batch of personal frames: further ones need no other. */
        EXPEDITED,
        /** A writer is sending its frames (or an asynchronous send is in flight): nobody else may start. */
        DRAINING
    }

    private Writer writer = Writer.IDLE;
    /** A blocking write stalled: the socket is written asynchronously until its queue is empty again. */
    private boolean stalled;
    private String latestPresence;
    private boolean presenceQueued;
    private boolean sendCompletedInline;
    private boolean closed;
    /** When the last write to this socket started (by a writer); read by fan-outs to pace a busy socket. */
    private volatile long lastWrite;
    /** When this socket's paced frames are due: set by the fan-out that paced it, read by the writers' pacer. */
    long pacedUntil;
    /** The pace this socket's frames waited for since its last write, or 0: set by the fan-out that paced it. */
    volatile long waitedFor;
    /** Its paced writes carried more than a frame a pace: it is paced by the busy pace ({@link Coalescing}). */
    private volatile boolean busy;
    private volatile boolean closedByServer;
    private CloseReason closeWhenDrained;
    /** While a resume replays history, live frames wait here so nothing overtakes or repeats. */
    private List<Held> held;
    private long lastMessageId;

    private record Held(long messageId, String frame) {
    }

    public Connection(Session session, long roomId, long userId, String id, int maxQueued, Writers.Direct writers) {
        this(session, roomId, userId, id, maxQueued, writers, Coalescing.OFF);
    }

    public Connection(Session session, long roomId, long userId, String id, int maxQueued, Writers.Direct writers,
                      Coalescing coalescing) {
        this.session = session;
        this.coalescing = coalescing;
        this.remote = session.getBasicRemote();
        this.writers = writers;
        this.roomId = roomId;
        this.userId = userId;
        this.id = id;
        this.maxQueued = maxQueued;
        this.lastWrite = System.nanoTime() - coalescing.paceNanos();
    }

    public long roomId() {
        return roomId;
    }

    public long userId() {
        return userId;
    }

    public String id() {
        return id;
    }

    public void mutedSenders(Set<Long> senders) {
        this.mutedSenders = Set.copyOf(senders);
    }

    /** A live message: skipped if its sender is personally muted or the client already has it. */
    public void deliverMessage(long messageId, long senderId, String frame) {
        if (mutedSenders.contains(senderId)) {
            return;
        }
        Outcome outcome;
        synchronized (this) {
            if (held != null) {
                held.add(new Held(messageId, frame));
                return;
            }
            if (messageId <= lastMessageId) {
                return;
            }
            lastMessageId = messageId;
            outcome = enqueue(frame, null);
        }
        act(outcome);
    }

    /** Any frame that is not a room message: presence, typing, acks, errors, moderation notices. */
    public void deliver(String frame) {
        Outcome outcome;
        synchronized (this) {
            if (held != null) {
                held.add(new Held(0, frame));
                return;
            }
            outcome = enqueue(frame, null);
        }
        act(outcome);
    }

    /**
     * A presence frame: only the newest count matters, so while one waits in the queue a newer one takes its place
     * instead of queueing behind it. When a thousand people join a room, a reader otherwise gets a thousand
     * presence frames on top of the thousand join messages, and Suda's own backlog closed readers as "too slow".
     */
    public void deliverPresence(String frame) {
        Outcome outcome;
        synchronized (this) {
            if (held != null) {
                held.add(new Held(0, frame));
                return;
            }
            latestPresence = frame;
            if (presenceQueued) {
                return;
            }
            outcome = enqueue(PRESENCE, null);
            presenceQueued = outcome == Outcome.QUEUED || outcome == Outcome.WAITING || outcome == Outcome.START_WRITER;
        }
        act(outcome);
    }

    public synchronized void startResume() {
        if (held == null) {
            held = new ArrayList<>();
        }
    }

    /** A replayed message of a resume, sent in order before anything live that arrived meanwhile. */
    public void replay(long messageId, long senderId, String frame) {
        Outcome outcome;
        synchronized (this) {
            if (messageId <= lastMessageId) {
                return;
            }
            lastMessageId = messageId;
            if (mutedSenders.contains(senderId)) {
                return;
            }
            outcome = enqueue(frame, null);
        }
        act(outcome);
    }

    /**
     * Ends a resume: the live frames held meanwhile follow, less those the replay already sent. They are queued
     * in the same step that ends the hold, so a live message arriving just then cannot overtake them.
     */
    public void finishResume() {
        Outcome outcome = Outcome.QUEUED;
        synchronized (this) {
            if (held == null) {
                return;
            }
            for (Held frame : held) {
                if (frame.messageId() != 0) {
                    if (frame.messageId() <= lastMessageId) {
                        continue;
                    }
                    lastMessageId = frame.messageId();
                }
                Outcome one = enqueue(frame.frame(), null);
                if (one == Outcome.OVERFLOW || one == Outcome.START_WRITER) {
                    outcome = one;
                }
                if (one == Outcome.OVERFLOW) {
                    break;
                }
            }
            held = null;
        }
        act(outcome);
    }

    /** Sends the last frame, then closes: for bans, kicks and deleted rooms. */
    public void sendThenClose(String frame, CloseReason reason) {
        closedByServer = true;
        Outcome outcome;
        synchronized (this) {
            held = null;
            outcome = enqueue(frame, reason);
        }
        act(outcome);
    }

    /** What queueing a frame asks of the caller once it has let go of the lock. */
    private enum Outcome {
        /** A writer is at work on the socket and will send it. */
        QUEUED,
        /** The socket waits in a fan-out for a writer, which will send it; one for personal frames may come first. */
        WAITING,
        /** The socket had nothing to send: it needs a writer. */
        START_WRITER,
        /** The queue is full: the reader is hopelessly behind. */
        OVERFLOW,
        /** The socket is closed or closing. */
        DROPPED
    }

    /** Queues a frame (holding the lock); {@code thenClose} makes it the last one before the socket closes. */
    private Outcome enqueue(String frame, CloseReason thenClose) {
        if (closed || closeWhenDrained != null) {
            return Outcome.DROPPED;
        }
        if (queue.size() >= maxQueued) {
            return Outcome.OVERFLOW;
        }
        queue.add(frame);
        closeWhenDrained = thenClose;
        if (writer != Writer.IDLE) {
            return writer == Writer.WAITING ? Outcome.WAITING : Outcome.QUEUED;
        }
        writer = Writer.WAITING;
        return Outcome.START_WRITER;
    }

    private void act(Outcome outcome) {
        if (outcome == Outcome.START_WRITER || outcome == Outcome.WAITING) {
            boolean personal = outcome == Outcome.START_WRITER ? writers.schedule(this) : writers.expedite(this);
            if (personal) {
                expedited();
            }
        } else if (outcome == Outcome.OVERFLOW) {
            tooSlow();
        }
    }

    private synchronized void expedited() {
        if (writer == Writer.WAITING) {
            writer = Writer.EXPEDITED;
        }
    }

    /**
     * Called by a writer: sends the queued frames in a row with the blocking remote, while the lane tells the
     * watchdog which socket it is on. Once the watchdog found a write to this socket stalled, the rest goes
     * through the asynchronous remote, so no writer waits on this reader again until its queue has emptied. A socket
     * can wait in two batches (a fan-out, and the personal frames that came meanwhile): whichever writer comes first
     * sends everything queued, in order, and the other finds nothing left to do.
     */
    void drain(Writers.Lane lane) {
        synchronized (this) {
            if (writer == Writer.IDLE || writer == Writer.DRAINING) {
                return;
            }
            writer = Writer.DRAINING;
        }
        String[] taken = lane.taken(coalescing.maxFrames());
        boolean first = true;
        while (true) {
            int count;
            CloseReason finalClose = null;
            boolean async;
            synchronized (this) {
                count = take(taken);
                if (count == 0) {
                    finalClose = closeWhenDrained;
                }
                async = stalled;
            }
            if (first && count > 0) {
                first = false;
                paceAfter(count);
            }
            if (count == 0) {
                if (finalClose != null) {
                    lane.writing(this);
                    try {
                        close(finalClose);
                    } finally {
                        lane.written();
                    }
                }
                return;
            }
            String next = count == 1 ? taken[0] : lane.batch(taken, count);
            java.util.Arrays.fill(taken, 0, count, null);
            if (async) {
                sendAsync(next);
                return;
            }
            lastWrite = lane.writing(this);
            try {
                remote.sendText(next);
            } catch (IOException | RuntimeException e) {
                abort(e);
                return;
            } finally {
                lane.written();
            }
        }
    }

    /**
     * Takes what the next write sends (holding the lock) into {@code into}: the next frame, and for a client that
     * batches, the frames queued behind it as far as the caps allow. Returns how many; 0 when there are none (then the
     * socket is let go, as {@link #takeNext()} says).
     */
    private int take(String[] into) {
        String first = takeNext();
        if (first == null) {
            return 0;
        }
        into[0] = first;
        int count = 1;
        if (!coalescing.on()) {
            return count;
        }
        long chars = first.length();
        for (String waiting; (waiting = queue.peek()) != null; ) {
            String frame = waiting == PRESENCE ? latestPresence : waiting;
            if (!coalescing.fits(count, chars, frame.length())) {
                break;
            }
            into[count++] = poll();
            chars += frame.length();
        }
        return count;
    }

    /** What the next asynchronous send carries (holding the lock): a frame, a batch, or null. */
    private String takeWrite() {
        String[] into = new String[coalescing.maxFrames()];
        int count = take(into);
        return count == 0 ? null : count == 1 ? into[0] : Coalescing.batch(into, count);
    }

    /**
     * The next frame to send (holding the lock). When there is none, the socket is let go for the next writer,
     * unless a close waits for the queue to empty: whoever took the last frame then closes.
     */
    private String takeNext() {
        String next = poll();
        if (next == null && closeWhenDrained == null) {
            writer = Writer.IDLE;
            stalled = false;
        }
        return next;
    }

    /** The next frame to send, the newest presence count in the place of the first that waited. */
    private String poll() {
        String next = queue.poll();
        if (next == PRESENCE) {
            presenceQueued = false;
            return latestPresence;
        }
        return next;
    }

    /**
     * The asynchronous path of a socket that stalled: one write at a time (a frame, or a batch of them). A send that completes inside sendText
     * calls back on this thread; the loop takes over instead of recursing, so a long queue cannot overflow the stack.
     */
    private void sendAsync(String first) {
        String next = first;
        while (next != null) {
            sendCompletedInline = false;
            SENDING.set(this);
            try {
                session.getAsyncRemote().sendText(next, this::sent);
            } catch (RuntimeException e) {
                abort(e);
                return;
            } finally {
                SENDING.remove();
            }
            CloseReason finalClose = null;
            synchronized (this) {
                if (!sendCompletedInline) {
                    return;
                }
                next = takeWrite();
                if (next == null) {
                    finalClose = closeWhenDrained;
                }
            }
            if (finalClose != null) {
                closeElsewhere(finalClose);
            }
        }
    }

    private void sent(SendResult result) {
        if (!result.isOK()) {
            abort(result.getException());
            return;
        }
        if (SENDING.get() == this) {
            synchronized (this) {
                sendCompletedInline = true;
            }
            return;
        }
        String next;
        CloseReason finalClose = null;
        synchronized (this) {
            next = takeWrite();
            if (next == null) {
                finalClose = closeWhenDrained;
            }
        }
        if (next != null) {
            sendAsync(next);
        } else if (finalClose != null) {
            closeElsewhere(finalClose);
        }
    }

    /** The watchdog found a write to this socket stalled: the rest of its queue goes asynchronously. */
    synchronized void stalled() {
        stalled = true;
    }

    /** The reader fell hopelessly behind: its frames are let go and the socket closes (1008, "too slow"). */
    void tooSlow() {
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.clear();
        }
        closedByServer = true;
        LOG.fine(() -> "Closing a slow socket of user " + userId + " in room " + roomId);
        closeElsewhere(TOO_SLOW);
    }

    private void abort(Throwable cause) {
        LOG.log(Level.FINE, "Send failed; closing the socket", cause);
        synchronized (this) {
            queue.clear();
            writer = Writer.IDLE;
        }
        closeElsewhere(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed"));
    }

    /**
     * Closes on a writer thread: Liberty's close waits (up to seconds) for a write in progress, and the thread
     * that fans out must not. From now on nothing more is queued.
     */
    private void closeElsewhere(CloseReason reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        writers.execute(() -> closeSession(reason));
    }

    /** Closes the socket on this thread (a client's leaveRoom, a last word sent). */
    public void close(CloseReason reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        closeSession(reason);
    }

    private void closeSession(CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing a socket failed", e);
        }
    }

    /** True when the server ended the socket (ban, kick, deleted room, too slow), not the client. */
    public boolean closedByServer() {
        return closedByServer;
    }

    /**
     * Until when a room's next frame to this socket should wait to be written with what follows it: {@code pace} after
     * the last write, or a time already past when the socket is not paced or was quiet for a pace.
     */
    long pacedTill(long pace) {
        return lastWrite + pace;
    }

    /**
     * Whether the socket is busy from now on, after its writer took {@code frames} frames: those that waited for a
     * pace tell how fast they come; frames that did not wait (a quiet socket) end a busy spell.
     */
    private void paceAfter(int frames) {
        if (coalescing.paceNanos() > 0) {
            long waited = waitedFor;
            waitedFor = 0;
            busy = waited > 0 && coalescing.busyAfter(frames, waited);
        }
    }

    /** The pace this socket is held to now: the busy one while its frames come faster than one a pace. */
    long pace() {
        return busy ? coalescing.busyPaceNanos() : coalescing.paceNanos();
    }

    boolean paced() {
        return coalescing.paceNanos() > 0;
    }

    /** Whether this socket's client takes {@code batch} frames. */
    public boolean batching() {
        return coalescing.on();
    }

    public synchronized int queued() {
        return queue.size();
    }
}
