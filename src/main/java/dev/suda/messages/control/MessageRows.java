package dev.suda.messages.control;

import dev.suda.platform.RoundTrip;
import dev.suda.platform.SqlText;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The statements of a batch of posts, on the connection of its transaction: a fixed number of round trips however
 * many posts and rooms the batch holds. JPA would take each room's lock, insert each message (an IDENTITY id is
 * flushed one by one) and update each room in a statement of its own.
 */
final class MessageRows {

    private final Connection connection;
    private final boolean mysql;
    private final boolean consecutiveIds;
    private final boolean multiStatements;

    /**
     * @param consecutiveIds  the database gives one multi-row INSERT consecutive ids, so that its generated keys are
     *                        its ids and need not be read back
     * @param multiStatements the connection takes several statements in one round trip
     */
    MessageRows(Connection connection, boolean mysql, boolean consecutiveIds, boolean multiStatements) {
        this.connection = connection;
        this.mysql = mysql;
        this.consecutiveIds = consecutiveIds;
        this.multiStatements = multiStatements;
    }

    /** Statements on the batch's connection, in one round trip where it can. */
    RoundTrip roundTrip() {
        return new RoundTrip(connection, multiStatements);
    }

    /**
     * Takes the rooms' row locks, held to commit, and reads each room's newest message id; a room that does not
     * exist is left out. The locks are taken in one statement along the primary key, so in ascending id order on
     * every node, and two batches never deadlock.
     */
    RoundTrip.Result<Map<Long, Long>> lockRooms(RoundTrip trip, Collection<Long> roomIds) {
        List<Long> ids = roomIds.stream().sorted().toList();
        String sql = "SELECT id, last_message_id FROM rooms WHERE id IN (" + SqlText.placeholders(ids.size()) + ")"
                // Derby keeps read locks to commit only with RS; InnoDB's FOR UPDATE always does
                + (mysql ? " FOR UPDATE" : " FOR UPDATE WITH RS");
        return trip.query(sql, (statement, first) -> {
            int p = first;
            for (long id : ids) {
                statement.setLong(p++, id);
            }
            return p;
        }, rows -> {
            Map<Long, Long> lastIds = new TreeMap<>();
            while (rows.next()) {
                lastIds.put(rows.getLong(1), rows.getLong(2));
            }
            return lastIds;
        });
    }

    /**
     * Inserts the messages with one multi-row INSERT, records each room's newest message id, and returns their ids
     * in the order given. Where the database gives such an insert consecutive ids (see
     * {@code Migrations.consecutiveIds}), they are its generated keys, and the rooms' newest ids follow from the first
     * one, so that both statements go in one round trip. Elsewhere the ids come back with one SELECT: under its row
     * lock nobody else writes to a room, so a room's rows after its last id are these, in insert order. (A driver's
     * generated keys for a multi-row insert are guessed from the first one, which interleaved auto-increment, MySQL
     * 8's default, makes wrong; Derby has none.)
     */
    List<Long> insert(List<MessageView> messages, Map<Long, Long> lastIds) {
        String sql = "INSERT INTO messages (room_id, sender_id, kind, content, client_msg_id, created_at, reply_to_id) VALUES "
                + String.join(", ", Collections.nCopies(messages.size(), "(?, ?, ?, ?, ?, ?, ?)"));
        RoundTrip.Binder values = (statement, first) -> {
            int p = first;
            for (MessageView message : messages) {
                statement.setLong(p++, message.roomId());
                statement.setLong(p++, message.sender().id());
                statement.setString(p++, message.kind());
                statement.setString(p++, message.content());
                if (message.clientMsgId() == null) {
                    statement.setNull(p++, Types.VARCHAR);
                } else {
                    statement.setString(p++, message.clientMsgId());
                }
                statement.setTimestamp(p++, Timestamp.from(message.createdAt()));
                if (message.replyTo() == null) {
                    statement.setNull(p++, Types.BIGINT);
                } else {
                    statement.setLong(p++, message.replyTo().id());
                }
            }
            return p;
        };
        try {
            if (consecutiveIds) {
                RoundTrip trip = roundTrip();
                RoundTrip.Result<List<Long>> keys = trip.insert(sql, values);
                setLastIdsFromFirst(trip, messages);
                trip.run();
                if (keys.get().size() != messages.size()) {
                    throw new PersistenceException(keys.get().size() + " ids for a batch of " + messages.size() + " messages");
                }
                return keys.get();
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                values.bind(statement, 1);
                statement.executeUpdate();
            }
        } catch (SQLException e) {
            throw new PersistenceException("A batch of messages could not be inserted", e);
        }
        Map<Long, Deque<Long>> newIds = idsAfter(messages.stream().map(MessageView::roomId).distinct()
                .collect(Collectors.toMap(roomId -> roomId, lastIds::get)));
        List<Long> ids = new ArrayList<>(messages.size());
        Map<Long, Long> newLastIds = new HashMap<>();
        for (MessageView message : messages) {
            Long id = newIds.getOrDefault(message.roomId(), new ArrayDeque<>()).poll();
            if (id == null) {
                throw new PersistenceException("Room " + message.roomId() + " has fewer new messages than were inserted");
            }
            ids.add(id);
            newLastIds.put(message.roomId(), id);
        }
        if (newIds.values().stream().anyMatch(left -> !left.isEmpty())) {
            throw new PersistenceException("A room has more new messages than were inserted");
        }
        setLastIds(newLastIds);
        return ids;
    }

    /**
     * Sets each room's newest message id from the first id of the INSERT before it on this connection
     * ({@code LAST_INSERT_ID()}), which consecutive ids make the first id plus the message's place in the insert.
     */
    private static void setLastIdsFromFirst(RoundTrip trip, List<MessageView> messages) {
        Map<Long, Integer> lastPlace = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            lastPlace.put(messages.get(i).roomId(), i);
        }
        String sql = "UPDATE rooms SET last_message_id = LAST_INSERT_ID() + CASE id"
                + " WHEN ? THEN ?".repeat(lastPlace.size()) + " END WHERE id IN (" + SqlText.placeholders(lastPlace.size()) + ")";
        trip.update(sql, (statement, first) -> {
            int p = first;
            for (Map.Entry<Long, Integer> room : lastPlace.entrySet()) {
                statement.setLong(p++, room.getKey());
                statement.setInt(p++, room.getValue());
            }
            for (long roomId : lastPlace.keySet()) {
                statement.setLong(p++, roomId);
            }
            return p;
        });
    }

    private Map<Long, Deque<Long>> idsAfter(Map<Long, Long> afterIdOfRoom) {
        String sql = "SELECT room_id, id FROM messages" + (mysql ? " FORCE INDEX (ix_messages_room)" : "") + " WHERE "
                + String.join(" OR ", Collections.nCopies(afterIdOfRoom.size(), "(room_id = ? AND id > ?)")) + " ORDER BY id";
        Map<Long, Deque<Long>> ids = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int p = 0;
            for (Map.Entry<Long, Long> room : afterIdOfRoom.entrySet()) {
                statement.setLong(++p, room.getKey());
                statement.setLong(++p, room.getValue());
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.computeIfAbsent(rows.getLong(1), room -> new ArrayDeque<>()).add(rows.getLong(2));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new PersistenceException("The ids of a batch of messages could not be read", e);
        }
    }

    /** Records the newest message id of each room given, all in one statement. */
    private void setLastIds(Map<Long, Long> lastIds) {
        // the values are longs of our own, written as literals: Derby cannot type a CASE of parameters alone
        String cases = lastIds.entrySet().stream().map(room -> " WHEN " + room.getKey() + " THEN " + room.getValue())
                .collect(Collectors.joining());
        String sql = "UPDATE rooms SET last_message_id = CASE id" + cases + " END WHERE id IN ("
                + lastIds.keySet().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("The rooms of a batch could not be updated", e);
        }
    }
}
