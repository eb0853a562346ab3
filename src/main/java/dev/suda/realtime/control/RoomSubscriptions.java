package dev.suda.realtime.control;

import dev.suda.platform.SharedState;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The room channels this node listens to: a room's channel from the moment its first socket here opens until a
 * while ({@code linger}) after its last one closed, so a node hears only the rooms it has sockets in and a socket
 * that reconnects at once does not make it unsubscribe and subscribe again.
 *
 * <p>{@link #open} returns once the shared state confirmed the subscription: the socket joins the room's live set
 * after it, and reads the room's newest message after it, so every message committed after that read reaches it
 * live, and every one before it is history (or the resume's replay).
 *
 * <p>Each room's count is changed under the room's own lock, which a subscription's round trip holds too: the
 * opens of one room wait for its subscription, other rooms do not. A room whose linger ran out is retired under that
 * lock; an open that meets a retired room makes a new one.
 */
public final class RoomSubscriptions {

    private final SharedState state;
    private final ScheduledExecutorService scheduler;
    private final long lingerMillis;
    private final Consumer<String> listener;
    private final Map<Long, Room> rooms = new ConcurrentHashMap<>();

    private static final class Room {
        int sockets;
        boolean subscribed;
        boolean retired;
        ScheduledFuture<?> leaving;
    }

    /** {@code listener} gets every message of every room channel this node subscribes to. */
    public RoomSubscriptions(SharedState state, ScheduledExecutorService scheduler, Duration linger, Consumer<String> listener) {
        this.state = state;
        this.scheduler = scheduler;
        this.lingerMillis = linger.toMillis();
        this.listener = listener;
    }

    /** The channel of a room's frames. */
    public static String channel(long roomId) {
        return SharedState.room(roomId);
    }

    /** A socket of the room opens on this node: the room's channel is subscribed when this returns. */
    public void open(long roomId) {
        while (true) {
            Room room = rooms.computeIfAbsent(roomId, id -> new Room());
            synchronized (room) {
                if (room.retired) {
                    rooms.remove(roomId, room);
                    continue;
                }
                room.sockets++;
                if (room.leaving != null) {
                    room.leaving.cancel(false);
                    room.leaving = null;
                }
                if (!room.subscribed) {
                    try {
                        state.subscribe(channel(roomId), listener);
                    } catch (RuntimeException e) {
                        room.sockets--;
                        leaveLater(roomId, room);
                        throw e;
                    }
                    room.subscribed = true;
                }
                return;
            }
        }
    }

    /** A socket of the room that {@link #open} counted has closed. */
    public void close(long roomId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (room.sockets > 0) {
                room.sockets--;
            }
            leaveLater(roomId, room);
        }
    }

    /** Holding the room's lock. */
    private void leaveLater(long roomId, Room room) {
        if (room.sockets == 0 && room.leaving == null && !room.retired) {
            room.leaving = scheduler.schedule(() -> leave(roomId, room), lingerMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void leave(long roomId, Room room) {
        synchronized (room) {
            if (room.sockets > 0 || room.retired) {
                return;
            }
            room.retired = true;
            room.leaving = null;
            if (room.subscribed) {
                room.subscribed = false;
                state.unsubscribe(channel(roomId), listener);
            }
        }
        rooms.remove(roomId, room);
    }

    /** The rooms whose channel this node holds now (including those lingering). */
    public Set<Long> rooms() {
        return rooms.entrySet().stream().filter(e -> {
            synchronized (e.getValue()) {
                return e.getValue().subscribed;
            }
        }).map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }
}
