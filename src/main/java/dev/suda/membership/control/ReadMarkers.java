package dev.suda.membership.control;

import dev.suda.auth.control.Caller;
import dev.suda.membership.entity.Membership;
import dev.suda.moderation.control.PersonalMutes;
import dev.suda.platform.Migrations;
import dev.suda.platform.ProblemException;
import dev.suda.platform.SqlText;
import dev.suda.rooms.entity.Room;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Read markers and unread counts (issue 33). Each membership keeps the id of the newest message its user has read;
 * the page moves it as messages come into view (REST or the socket's {@code read} frame), only ever forward, and the
 * user's other sockets hear of it ({@link ReadMoved}) so that another tab clears its counts too.
 *
 * <p>Unread counts are what a room list shows per room: other people's messages (not system messages, not the
 * user's own, not those of senders the user muted personally) after the marker. A deleted message is gone from the
 * table, so it is not counted. A count stops at {@link #CAP}: the list shows "99+" from there, and a room with a
 * million unread messages then costs as little as one with a hundred. On MySQL/MariaDB each room of the page is one
 * branch of a UNION ALL that reads ix_messages_room (room_id, id, sender_id, kind) from the marker up and stops after
 * {@link #CAP} rows, so a page of rooms costs at most rooms x {@link #CAP} index entries (the index covers the
 * query: no row is read), however many messages and rooms there are. The embedded Derby counts with one GROUP BY,
 * uncapped in the query and capped here.
 */
@ApplicationScoped
@Transactional(dontRollbackOn = ProblemException.class)
public class ReadMarkers {

    /** Counts stop here: 100 means "100 or more". */
    public static final int CAP = 100;

    @PersistenceContext
    EntityManager em;

    @Inject
    Memberships memberships;

    @Inject
    PersonalMutes personalMutes;

    @Inject
    Migrations migrations;

    @Inject
    Event<ReadMoved> moved;

    /** Where a user's read marker stands in a room. */
    public record Marker(long roomId, long lastReadId) {
    }

    /** A room's counts for one member; both stop at {@link #CAP}. */
    public record Counts(int unreadCount, Integer mentionCount) {
    }

    /**
     * Moves the caller's marker in the room forward to {@code lastReadId}; a marker already there or further stays
     * (and is returned as it is). Refused: a caller not in the room, an id beyond the room's newest message, and the
     * id of another room's message. An id that is no message any more (deleted) but not beyond the newest is taken.
     */
    public Marker markRead(Caller caller, long roomId, long lastReadId) {
        Room room = em.find(Room.class, roomId);
        if (room == null) {
            throw ProblemException.notFound("No room " + roomId);
        }
        Membership membership = memberships.active(roomId, caller.userId())
                .orElseThrow(() -> ProblemException.forbidden("not_member", "Join the room to mark its messages read"));
        if (lastReadId < 0 || lastReadId > room.getLastMessageId()) {
            throw ProblemException.badRequest("bad_last_read",
                    "lastReadId " + lastReadId + " is not a message of room " + roomId + " (its newest is " + room.getLastMessageId() + ")");
        }
        if (lastReadId <= membership.getLastReadId()) {
            return new Marker(roomId, membership.getLastReadId());
        }
        List<?> roomOfMessage = em.createNativeQuery("SELECT room_id FROM messages WHERE id = ?1")
                .setParameter(1, lastReadId).getResultList();
        if (!roomOfMessage.isEmpty() && ((Number) roomOfMessage.get(0)).longValue() != roomId) {
            throw ProblemException.badRequest("bad_last_read", "Message " + lastReadId + " is not in room " + roomId);
        }
        int changed = em.createNamedQuery(Membership.MARK_READ)
                .setParameter("lastReadId", lastReadId).setParameter("roomId", roomId)
                .setParameter("userId", caller.userId()).executeUpdate();
        if (changed == 0) {
            // another tab moved it further meanwhile
            return new Marker(roomId, current(roomId, caller.userId()));
        }
        moved.fire(new ReadMoved(caller.userId(), roomId, lastReadId));
        return new Marker(roomId, lastReadId);
    }

    private long current(long roomId, long userId) {
        List<?> row = em.createNativeQuery("SELECT last_read_id FROM room_users WHERE room_id = ?1 AND user_id = ?2")
                .setParameter(1, roomId).setParameter(2, userId).getResultList();
        return row.isEmpty() ? 0 : ((Number) row.get(0)).longValue();
    }

    /** The user's marker in a room, or 0 when it is not a member. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public long lastRead(long roomId, long userId) {
        return memberships.active(roomId, userId).map(Membership::getLastReadId).orElse(0L);
    }

    /**
     * The first message after the user's marker that counts as unread (someone else's, not a system line), or 0 when
     * there is none: the page loads older history only as far as that, so a reader whose own posts are the newest
     * ones opens at the bottom. The history index (room_id, id, sender_id, kind) serves it, read from the marker up.
     */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public long firstUnread(long roomId, long userId, long lastReadId) {
        List<?> first = em.createNativeQuery("SELECT id FROM messages WHERE room_id = ?1 AND id > ?2 AND sender_id <> ?3"
                        + " AND kind = 'USER' ORDER BY id")
                .setParameter(1, roomId).setParameter(2, lastReadId).setParameter(3, userId)
                .setMaxResults(1).getResultList();
        return first.isEmpty() ? 0 : ((Number) first.get(0)).longValue();
    }

    /**
     * The user's counts in those of the given rooms it is a member of now (not banned); the others are left out.
     * Three statements at the most, whatever the number of rooms: the markers, the unread counts, the mentions.
     */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Map<Long, Counts> counts(long userId, Collection<Long> roomIds) {
        if (roomIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Long> markers = markers(userId, roomIds);
        if (markers.isEmpty()) {
            return Map.of();
        }
        Set<Long> muted = personalMutes.mutedBy(userId);
        Map<Long, Integer> unread = unread(userId, markers, muted);
        Map<Long, Integer> mentions = mentions(userId, markers, muted);
        Map<Long, Counts> counts = new HashMap<>();
        markers.keySet().forEach(roomId -> counts.put(roomId,
                new Counts(unread.getOrDefault(roomId, 0), mentions.getOrDefault(roomId, 0))));
        return counts;
    }

    /** room id to the user's marker, for the rooms it is in now. */
    private Map<Long, Long> markers(long userId, Collection<Long> roomIds) {
        Map<Long, Long> markers = new HashMap<>();
        em.createNamedQuery(Membership.MARKERS, Object[].class)
                .setParameter("userId", userId).setParameter("roomIds", List.copyOf(roomIds))
                .setParameter("now", Instant.now())
                .getResultStream().forEach(r -> markers.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue()));
        return markers;
    }

    /** Other people's messages after each marker, up to {@link #CAP} a room. */
    private Map<Long, Integer> unread(long userId, Map<Long, Long> markers, Set<Long> muted) {
        String notMuted = muted.isEmpty() ? "" : " AND m.sender_id NOT IN (" + SqlText.placeholders(muted.size()) + ")";
        List<Object> parameters = new ArrayList<>();
        String sql;
        if (migrations.mysql()) {
            List<String> branches = new ArrayList<>(markers.size());
            for (Map.Entry<Long, Long> marker : markers.entrySet()) {
                branches.add("(SELECT m.room_id FROM messages m FORCE INDEX (ix_messages_room)"
                        + " WHERE m.room_id = ? AND m.id > ? AND m.sender_id <> ? AND m.kind = 'USER'" + notMuted
                        + " LIMIT " + CAP + ")");
                parameters.add(marker.getKey());
                parameters.add(marker.getValue());
                parameters.add(userId);
                parameters.addAll(muted);
            }
            sql = "SELECT room_id, COUNT(*) FROM (" + String.join(" UNION ALL ", branches) + ") unread GROUP BY room_id";
        } else {
            sql = "SELECT m.room_id, COUNT(*) FROM messages m JOIN room_users ru ON ru.room_id = m.room_id"
                    + " WHERE ru.user_id = ? AND m.room_id IN (" + SqlText.placeholders(markers.size()) + ")"
                    + " AND m.id > ru.last_read_id AND m.sender_id <> ? AND m.kind = 'USER'" + notMuted
                    + " GROUP BY m.room_id";
            parameters.add(userId);
            parameters.addAll(markers.keySet());
            parameters.add(userId);
            parameters.addAll(muted);
        }
        return capped(sql, parameters);
    }

    /**
     * Mentions of the user after each marker (message_mentions, issue 33.4), on ix_message_mentions_room (user_id,
     * room_id, message_id): a range a room, and mentions are few, so one GROUP BY for the page, capped here.
     */
    private Map<Long, Integer> mentions(long userId, Map<Long, Long> markers, Set<Long> muted) {
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT mm.room_id, COUNT(*) FROM message_mentions mm"
                + " JOIN room_users ru ON ru.room_id = mm.room_id AND ru.user_id = mm.user_id"
                + (muted.isEmpty() ? "" : " JOIN messages m ON m.id = mm.message_id AND m.sender_id NOT IN ("
                        + SqlText.placeholders(muted.size()) + ")")
                + " WHERE mm.user_id = ? AND mm.room_id IN (" + SqlText.placeholders(markers.size()) + ")"
                + " AND mm.message_id > ru.last_read_id GROUP BY mm.room_id";
        parameters.addAll(muted);
        parameters.add(userId);
        parameters.addAll(markers.keySet());
        return capped(sql, parameters);
    }

    /** Runs a query of (room id, count) rows; each count at most {@link #CAP}. */
    private Map<Long, Integer> capped(String sql, List<Object> parameters) {
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        Map<Long, Integer> counts = new HashMap<>();
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            counts.put(((Number) r[0]).longValue(), (int) Math.min(CAP, ((Number) r[1]).longValue()));
        }
        return counts;
    }
}
