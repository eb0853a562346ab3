package dev.suda.realtime.control;

import jakarta.websocket.CloseReason;
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
 * One open room socket and its outbound queue. Frames are sent one at a time with the asynchronous remote,
 * so a slow reader never blocks the thread that fans a message out; its queue is bounded, and a reader that
 * falls hopelessly behind is closed (1008, "too slow") instead of holding memory without end.
 */
public final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    public static final CloseReason TOO_SLOW = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
            "too slow: the client did not read its messages");

    /** Stands in the queue for the newest presence frame (compared by identity). */
    private static final String PRESENCE = new String("presence");

    private final Session session;
    private final long roomId;
    private final long userId;
    private final String id;
    private final int maxQueued;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final ThreadLocal<Boolean> inSend = new ThreadLocal<>();
    private volatile Set<Long> mutedSenders = Set.of();

    private boolean sending;
    private String latestPresence;
    private boolean presenceQueued;
    private boolean sendCompletedInline;
    private boolean closed;
    private volatile boolean closedByServer;
    private CloseReason closeWhenDrained;
    /** While a resume replays history, live frames wait here so nothing overtakes or repeats. */
    private List<Held> held;
    private long lastMessageId;

    private record Held(long messageId, String frame) {
    }

    public Connection(Session session, long roomId, long userId, String id, int maxQueued) {
        this.session = session;
        this.roomId = roomId;
        this.userId = userId;
        this.id = id;
        this.maxQueued = maxQueued;
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
        synchronized (this) {
            if (held != null) {
                held.add(new Held(messageId, frame));
                return;
            }
            if (messageId <= lastMessageId) {
                return;
            }
            lastMessageId = messageId;
        }
        send(frame);
    }

    /** Any frame that is not a room message: presence, typing, acks, errors, moderation notices. */
    public void deliver(String frame) {
        synchronized (this) {
            if (held != null) {
                held.add(new Held(0, frame));
                return;
            }
        }
        send(frame);
    }

    /**
     * A presence frame: only the newest count matters, so while one waits in the queue a newer one takes its place
     * instead of queueing behind it. When a thousand people join a room, a reader otherwise gets a thousand
     * presence frames on top of the thousand join messages, and Suda's own backlog closed readers as "too slow".
     */
    public void deliverPresence(String frame) {
        synchronized (this) {
            if (held != null) {
                held.add(new Held(0, frame));
                return;
            }
            latestPresence = frame;
            if (presenceQueued) {
                return;
            }
            presenceQueued = true;
        }
        send(PRESENCE);
    }

    public synchronized void startResume() {
        if (held == null) {
            held = new ArrayList<>();
        }
    }

    /** A replayed message of a resume, sent in order before anything live that arrived meanwhile. */
    public void replay(long messageId, long senderId, String frame) {
        synchronized (this) {
            if (messageId <= lastMessageId) {
                return;
            }
            lastMessageId = messageId;
        }
        if (!mutedSenders.contains(senderId)) {
            send(frame);
        }
    }

    /** Ends a resume: the live frames held meanwhile follow, less those the replay already sent. */
    public void finishResume() {
        List<Held> waiting;
        synchronized (this) {
            waiting = held;
            held = null;
        }
        if (waiting == null) {
            return;
        }
        for (Held frame : waiting) {
            if (frame.messageId() == 0) {
                send(frame.frame());
            } else {
                synchronized (this) {
                    if (frame.messageId() <= lastMessageId) {
                        continue;
                    }
                    lastMessageId = frame.messageId();
                }
                send(frame.frame());
            }
        }
    }

    /** Sends the last frame, then closes: for bans, kicks and deleted rooms. */
    public void sendThenClose(String frame, CloseReason reason) {
        closedByServer = true;
        synchronized (this) {
            held = null;
        }
        send(frame);
        boolean closeNow;
        synchronized (this) {
            closeWhenDrained = reason;
            closeNow = !sending && queue.isEmpty();
        }
        if (closeNow) {
            close(reason);
        }
    }

    private void send(String frame) {
        boolean start;
        boolean overflow = false;
        synchronized (this) {
            if (closed || closeWhenDrained != null) {
                return;
            }
            if (queue.size() >= maxQueued) {
                overflow = true;
                start = false;
            } else {
                queue.add(frame);
                start = !sending;
                sending |= start;
            }
        }
        if (overflow) {
            closedByServer = true;
            LOG.fine(() -> "Closing a slow socket of user " + userId + " in room " + roomId);
            close(TOO_SLOW);
        } else if (start) {
            drain();
        }
    }

    /**
     * Sends queued frames one after another. A send that completes inside sendText calls back on this thread;
     * the loop takes over instead of recursing, so a long queue cannot overflow the stack.
     */
    private void drain() {
        while (true) {
            String next;
            CloseReason finalClose = null;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    sending = false;
                    finalClose = closeWhenDrained;
                } else if (next == PRESENCE) {
                    next = latestPresence;
                    presenceQueued = false;
                }
            }
            if (next == null) {
                if (finalClose != null) {
                    close(finalClose);
                }
                return;
            }
            sendCompletedInline = false;
            inSend.set(Boolean.TRUE);
            try {
                session.getAsyncRemote().sendText(next, this::sent);
            } catch (RuntimeException e) {
                abort(e);
                return;
            } finally {
                inSend.remove();
            }
            synchronized (this) {
                if (!sendCompletedInline) {
                    return;
                }
            }
        }
    }

    private void sent(SendResult result) {
        if (!result.isOK()) {
            abort(result.getException());
            return;
        }
        if (Boolean.TRUE.equals(inSend.get())) {
            synchronized (this) {
                sendCompletedInline = true;
            }
            return;
        }
        drain();
    }

    private void abort(Throwable cause) {
        LOG.log(Level.FINE, "Send failed; closing the socket", cause);
        synchronized (this) {
            queue.clear();
            sending = false;
        }
        close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed"));
    }

    public void close(CloseReason reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
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

    public synchronized int queued() {
        return queue.size();
    }
}
