package dev.suda.messages.control;

import dev.suda.platform.SqlText;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
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

    /**
     * @param consecutiveIds the database gives one multi-row INSERT consecutive ids, so that its generated keys are
     *                       its ids and need not be read back
     */
    MessageRows(Connection connection, boolean mysql, boolean consecutiveIds) {
        this.connection = connection;
        this.mysql = mysql;
        this.consecutiveIds = consecutiveIds;
    }

    /**
     * Takes the rooms' row locks, held to commit, and reads each room's newest message id; a room that does not
     * exist is left out. The locks are taken in one statement along the primary key, so in ascending id order on
     * every node, and two batches never deadlock.
     */
    Map<Long, Long> lockRooms(Collection<Long> roomIds) {
        List<Long> ids = roomIds.stream().sorted().toList();
        String sql = "SELECT id, last_message_id FROM rooms WHERE id IN (" + SqlText.placeholders(ids.size()) + ")"
                // Derby keeps read locks to commit only with RS; InnoDB's FOR UPDATE always does
                + (mysql ? " FOR UPDATE" : " FOR UPDATE WITH RS");
        Map<Long, Long> lastIds = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                statement.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lastIds.put(rows.getLong(1), rows.getLong(2));
                }
            }
            return lastIds;
        } catch (SQLException e) {
            throw new PersistenceException("The rooms of a batch could not be locked", e);
        }
    }

    /**
     * Inserts the messages with one multi-row INSERT and returns their ids, in the order given. Where the database
     * gives such an insert consecutive ids (see {@code Migrations.consecutiveIds}), they are its generated keys.
     * Elsewhere they come back with one SELECT: under its row lock nobody else writes to a room, so a room's rows
     * after its last id are these, in insert order. (A driver's generated keys for a multi-row insert are guessed
     * from the first one, which interleaved auto-increment, MySQL 8's default, makes wrong; Derby has none.)
     */
    List<Long> insert(List<MessageView> messages, Map<Long, Long> lastIds) {
        String sql = "INSERT INTO messages (room_id, sender_id, kind, content, client_msg_id, created_at) VALUES "
                + String.join(", ", Collections.nCopies(messages.size(), "(?, ?, ?, ?, ?, ?)"));
        try (PreparedStatement statement = consecutiveIds
                ? connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : connection.prepareStatement(sql)) {
            int p = 0;
            for (MessageView message : messages) {
                statement.setLong(++p, message.roomId());
                statement.setLong(++p, message.sender().id());
                statement.setString(++p, message.kind());
                statement.setString(++p, message.content());
                if (message.clientMsgId() == null) {
                    statement.setNull(++p, Types.VARCHAR);
                } else {
                    statement.setString(++p, message.clientMsgId());
                }
                statement.setTimestamp(++p, Timestamp.from(message.createdAt()));
            }
            int inserted = statement.executeUpdate();
            if (consecutiveIds) {
                return generatedIds(statement, inserted, messages.size());
            }
        } catch (SQLException e) {
            throw new PersistenceException("A batch of messages could not be inserted", e);
        }
        Map<Long, Deque<Long>> newIds = idsAfter(messages.stream().map(MessageView::roomId).distinct()
                .collect(Collectors.toMap(roomId -> roomId, lastIds::get)));
        List<Long> ids = new ArrayList<>(messages.size());
        for (MessageView message : messages) {
            Long id = newIds.getOrDefault(message.roomId(), new ArrayDeque<>()).poll();
            if (id == null) {
                throw new PersistenceException("Room " + message.roomId() + " has fewer new messages than were inserted");
            }
            ids.add(id);
        }
        if (newIds.values().stream().anyMatch(left -> !left.isEmpty())) {
            throw new PersistenceException("A room has more new messages than were inserted");
        }
        return ids;
    }

    private static List<Long> generatedIds(PreparedStatement statement, int inserted, int expected) throws SQLException {
        List<Long> ids = new ArrayList<>(expected);
        try (ResultSet keys = statement.getGeneratedKeys()) {
            while (keys.next()) {
                ids.add(keys.getLong(1));
            }
        }
        if (inserted != expected || ids.size() != expected) {
            throw new PersistenceException(inserted + " rows and " + ids.size() + " ids for a batch of " + expected + " messages");
        }
        return ids;
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
    void setLastIds(Map<Long, Long> lastIds) {
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
