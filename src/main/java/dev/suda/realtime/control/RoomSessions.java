package dev.suda.realtime.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.LongFunction;

/**
 * The sockets open on this node, by room, and the order in which a room's messages reach them.
 *
 * <p>Messages of one room commit in id order (the insert holds the room's row lock until commit) and each
 * carries the id of the room's message before it. Nodes may hear of them out of order through pub/sub, so a
 * room delivers a message only once its predecessor is delivered; a message whose predecessor is late is held
 * briefly and the gap is then filled from the database, where everything before it is already committed.
 *
 * <p>Delivering only queues frames on the sockets; each delivery to a room is one fan-out for the {@link Writers},
 * which write to the sockets that were idle once it ends.
 */
@ApplicationScoped
public class RoomSessions {

    @Inject
    Writers writers;

    private final Map<Long, Room> rooms = new ConcurrentHashMap<>();

    /** A message as fan-out hands it to a room: its frame is encoded once for every socket. */
    public record Delivery(long id, long previousId, long senderId, String frame) {
    }

    static final class Room {
        final Set<Connection> connections = ConcurrentHashMap.newKeySet();
        /** The id of the last message delivered here; -1 until the first socket's join reads it. */
        long delivered = -1;
        final Map<Long, Delivery> waitingForPrevious = new HashMap<>();
        long waitingSince;
    }

    /** Registers a socket; {@code lastMessageId} is the room's newest committed message as the socket opened. */
    public void add(Connection connection, long lastMessageId) {
        // Under the map's lock for the room, as remove() is: otherwise a socket could join a Room that the last
        // socket's close was just taking out of the map, and would never hear from the room again.
        rooms.compute(connection.roomId(), (id, existing) -> {
            Room room = existing == null ? new Room() : existing;
            synchronized (room) {
                if (room.delivered < 0) {
                    room.delivered = lastMessageId;
                }
                room.connections.add(connection);
            }
            return room;
        });
    }

    public void remove(Connection connection) {
        rooms.computeIfPresent(connection.roomId(), (id, room) -> {
            synchronized (room) {
                room.connections.remove(connection);
                return room.connections.isEmpty() ? null : room;
            }
        });
    }

    public boolean hasLocal(long roomId, long userId) {
        Room room = rooms.get(roomId);
        return room != null && room.connections.stream().anyMatch(c -> c.userId() == userId);
    }

    /** A message of a published batch, and its room. */
    public record Posted(long roomId, Delivery delivery) {
    }

    /**
     * Delivers a published batch of messages in room order; each socket's writer gets its frames of the batch in one
     * hand-off. {@code missing} reads the committed messages after an id from the database, for a gap that waited
     * longer than {@code gapMillis}.
     */
    public void deliverMessages(List<Posted> messages, long gapMillis, BiFunction<Long, Long, List<Delivery>> missing) {
        try (var fanout = writers.batch()) {
            for (Posted message : messages) {
                Room room = rooms.get(message.roomId());
                if (room != null) {
                    deliverMessage(room, message.delivery(), gapMillis, after -> missing.apply(message.roomId(), after));
                }
            }
        }
    }

    private void deliverMessage(Room room, Delivery message, long gapMillis, LongFunction<List<Delivery>> missing) {
        synchronized (room) {
            if (message.id() <= room.delivered) {
                return;
            }
            if (message.previousId() > room.delivered) {
                room.waitingForPrevious.put(message.previousId(), message);
                if (room.waitingSince == 0) {
                    room.waitingSince = System.currentTimeMillis();
                }
                if (System.currentTimeMillis() - room.waitingSince < gapMillis) {
                    return;
                }
                fillGap(room, missing);
                return;
            }
            deliverInOrder(room, message);
        }
    }

    /** Called now and then: fills gaps that waited too long even if no further message arrives. */
    public void fillOverdueGaps(long gapMillis, BiFunction<Long, Long, List<Delivery>> missing) {
        long now = System.currentTimeMillis();
        rooms.forEach((roomId, room) -> {
            try (var fanout = writers.batch()) {
                synchronized (room) {
                    if (room.waitingSince != 0 && now - room.waitingSince >= gapMillis) {
                        fillGap(room, after -> missing.apply(roomId, after));
                    }
                }
            }
        });
    }

    /**
     * Delivers to every room whatever committed after what it last delivered: after this node could not hear other
     * nodes for a while (Redis away), so that no message published meanwhile is missed until the next one arrives.
     */
    public void catchUp(BiFunction<Long, Long, List<Delivery>> missing) {
        rooms.forEach((roomId, room) -> {
            try (var fanout = writers.batch()) {
                synchronized (room) {
                    if (room.delivered >= 0) {
                        fillGap(room, after -> missing.apply(roomId, after));
                    }
                }
            }
        });
    }

    private void fillGap(Room room, LongFunction<List<Delivery>> missing) {
        for (Delivery committed : missing.apply(room.delivered)) {
            if (committed.id() > room.delivered) {
                send(room, committed);
                room.delivered = committed.id();
            }
        }
        room.waitingForPrevious.keySet().removeIf(previous -> previous < room.delivered);
        deliverWaiting(room);
        room.waitingSince = room.waitingForPrevious.isEmpty() ? 0 : System.currentTimeMillis();
    }

    private void deliverInOrder(Room room, Delivery message) {
        send(room, message);
        room.delivered = message.id();
        deliverWaiting(room);
        if (room.waitingForPrevious.isEmpty()) {
            room.waitingSince = 0;
        }
    }

    private void deliverWaiting(Room room) {
        Delivery next;
        while ((next = room.waitingForPrevious.remove(room.delivered)) != null) {
            send(room, next);
            room.delivered = next.id();
        }
    }

    private static void send(Room room, Delivery message) {
        for (Connection connection : room.connections) {
            connection.deliverMessage(message.id(), message.senderId(), message.frame());
        }
    }

    /** The room's online count: a socket that has not sent the previous one yet gets only the newest. */
    public void deliverPresence(long roomId, String frame) {
        Room room = rooms.get(roomId);
        if (room != null) {
            try (var fanout = writers.batch()) {
                room.connections.forEach(c -> c.deliverPresence(frame));
            }
        }
    }

    public void deliverToRoom(long roomId, String frame) {
        Room room = rooms.get(roomId);
        if (room != null) {
            try (var fanout = writers.batch()) {
                room.connections.forEach(c -> c.deliver(frame));
            }
        }
    }

    /** A frame to one user's sockets in a room, then (if a reason is given) their close. */
    public void deliverToUser(long roomId, long userId, String frame, CloseReason closeAfter) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return;
        }
        try (var personal = writers.personal()) {
            for (Connection connection : room.connections) {
                if (connection.userId() == userId) {
                    if (closeAfter == null) {
                        connection.deliver(frame);
                    } else {
                        connection.sendThenClose(frame, closeAfter);
                    }
                }
            }
        }
    }

    public void closeRoom(long roomId, String frame, CloseReason reason) {
        Room room = rooms.get(roomId);
        if (room != null) {
            try (var fanout = writers.batch()) {
                room.connections.forEach(c -> c.sendThenClose(frame, reason));
            }
        }
    }

    /** Every socket of a user on this node, in any room. */
    public List<Connection> of(long userId) {
        return rooms.values().stream().flatMap(room -> room.connections.stream())
                .filter(c -> c.userId() == userId).toList();
    }

    /** The sockets of a room on this node. */
    public List<Connection> in(long roomId) {
        Room room = rooms.get(roomId);
        return room == null ? List.of() : List.copyOf(room.connections);
    }

    public Set<Long> roomIds() {
        return rooms.keySet();
    }

    public int open() {
        return rooms.values().stream().mapToInt(room -> room.connections.size()).sum();
    }
}
