package dev.suda.mentions.control;

import dev.suda.auth.control.Caller;
import dev.suda.messages.control.MessageView;
import dev.suda.messages.control.Messages;
import dev.suda.platform.Migrations;
import dev.suda.platform.ProblemException;
import dev.suda.rooms.entity.Room;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Mentions: resolved by {@link MentionNames} against the room's current members in the transaction that stores or
 * edits the message, kept in {@code message_mentions}, and listed for the mentioned user. A message's mentions are
 * always given as user ids in ascending order.
 */
@ApplicationScoped
@Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
public class Mentions {

    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    Messages messages;

    @Inject
    Migrations migrations;

    /** A message to resolve: its id, room, sender and text. */
    public record Text(long messageId, long roomId, long senderId, String content) {
    }

    /** One mention the caller received: the message as the caller sees it, and its room. */
    @Schema(name = "Mention")
    @JsonbPropertyOrder({"roomId", "roomName", "message"})
    public record Received(long roomId, String roomName, MessageView message) {
    }

    /** A page of mentions newest first; {@code nextBefore} is the {@code before} of the next page, null at the end. */
    public record Page(List<Received> items, Long nextBefore) {
    }

    /**
     * Resolves and stores the mentions of new messages, in their transaction; returns each message's mentioned
     * user ids (only messages that mention someone are keys). Costs nothing for texts without an {@code @name}.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public Map<Long, List<Long>> store(Collection<Text> texts) {
        Map<Text, Set<String>> named = new LinkedHashMap<>();
        for (Text text : texts) {
            Set<String> names = MentionNames.names(text.content());
            if (!names.isEmpty()) {
                named.put(text, names);
            }
        }
        if (named.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<MentionNames.Member>> members = members(
                named.keySet().stream().map(Text::roomId).collect(Collectors.toSet()),
                named.values().stream().flatMap(Set::stream).collect(Collectors.toSet()));
        Map<Long, List<Long>> mentioned = new LinkedHashMap<>();
        for (Text text : named.keySet()) {
            List<Long> ids = sorted(MentionNames.resolve(text.content(), members.getOrDefault(text.roomId(), List.of()),
                    text.senderId()));
            if (!ids.isEmpty()) {
                mentioned.put(text.messageId(), ids);
            }
        }
        if (!mentioned.isEmpty()) {
            Map<Long, Long> roomOf = named.keySet().stream().collect(Collectors.toMap(Text::messageId, Text::roomId));
            // all values are longs of our own, written as literals: one statement however many rows
            String values = mentioned.entrySet().stream().flatMap(e -> e.getValue().stream()
                            .map(userId -> "(" + e.getKey() + ", " + roomOf.get(e.getKey()) + ", " + userId + ")"))
                    .collect(Collectors.joining(", "));
            em.createNativeQuery("INSERT INTO message_mentions (message_id, room_id, user_id) VALUES " + values).executeUpdate();
        }
        return mentioned;
    }

    /** An edited message's mentions, resolved again from its new text in the edit's transaction. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public List<Long> replace(Text text) {
        em.createNativeQuery("DELETE FROM message_mentions WHERE message_id = ?1").setParameter(1, text.messageId())
                .executeUpdate();
        return store(List.of(text)).getOrDefault(text.messageId(), List.of());
    }

    /** The mentions of these messages, by message id (a message that mentions nobody is left out). */
    public Map<Long, List<Long>> of(Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        String ids = messageIds.stream().distinct().map(String::valueOf).collect(Collectors.joining(", "));
        Map<Long, List<Long>> mentions = new HashMap<>();
        for (Object[] row : rows(em.createNativeQuery(
                "SELECT message_id, user_id FROM message_mentions WHERE message_id IN (" + ids + ") ORDER BY message_id, user_id"))) {
            mentions.computeIfAbsent(number(row[0]), id -> new ArrayList<>()).add(number(row[1]));
        }
        return mentions;
    }

    /**
     * The caller's mentions newest first by keyset, in rooms it can read now: it is a member and not under a ban in
     * force (a mention in a room it left or was banned from is not shown); without the senders it muted for itself.
     */
    public Page received(Caller caller, Long before, Integer limit) {
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw ProblemException.badRequest("bad_limit", "limit must be 1 to " + MAX_PAGE);
        }
        long cursor = before == null ? Long.MAX_VALUE : before;
        @SuppressWarnings("unchecked")
        // on MySQL/MariaDB the primary key by name: its range (user_id, message_id < ?) backwards is the page in order,
        // where the index that also begins with user_id would read all the user's mentions and sort them
        List<Object> found = em.createNativeQuery("SELECT mm.message_id FROM message_mentions mm"
                        + (migrations.mysql() ? " FORCE INDEX (PRIMARY)" : "")
                        + " JOIN room_users ru ON ru.room_id = mm.room_id AND ru.user_id = mm.user_id"
                        + " JOIN messages m ON m.id = mm.message_id"
                        + " WHERE mm.user_id = ?1 AND mm.message_id < ?2"
                        + " AND (ru.is_banned = FALSE OR (ru.banned_until IS NOT NULL AND ru.banned_until <= ?3))"
                        + " AND m.sender_id NOT IN (SELECT p.muted_user_id FROM personal_mutes p WHERE p.user_id = ?4)"
                        + " ORDER BY mm.message_id DESC")
                .setParameter(1, caller.userId()).setParameter(2, cursor).setParameter(3, Timestamp.from(Instant.now()))
                .setParameter(4, caller.userId())
                .setMaxResults(size).getResultList();
        List<Long> ids = found.stream().map(Mentions::number).toList();
        Long next = ids.size() == size ? ids.get(ids.size() - 1) : null;
        List<MessageView> views = messages.views(ids, caller.userId());
        Map<Long, Room> rooms = views.isEmpty() ? Map.of()
                : em.createQuery("SELECT r FROM Room r WHERE r.id IN :ids", Room.class)
                        .setParameter("ids", views.stream().map(MessageView::roomId).distinct().toList())
                        .getResultStream().collect(Collectors.toMap(Room::getId, Function.identity()));
        List<Received> items = views.stream().filter(v -> rooms.containsKey(v.roomId()))
                .map(v -> new Received(v.roomId(), rooms.get(v.roomId()).getName(), v)).toList();
        return new Page(items, next);
    }

    /** The current members of these rooms whose names are among {@code names} (lower case), by room. */
    private Map<Long, List<MentionNames.Member>> members(Set<Long> roomIds, Set<String> names) {
        List<String> wanted = List.copyOf(names);
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < wanted.size(); i++) {
            in.append(i == 0 ? "" : ", ").append('?').append(i + 2);
        }
        Query query = em.createNativeQuery("SELECT ru.room_id, ru.user_id, u.username, u.is_guest FROM room_users ru"
                + " JOIN users u ON u.id = ru.user_id"
                + " WHERE ru.room_id IN (" + roomIds.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")"
                + " AND (ru.is_banned = FALSE OR (ru.banned_until IS NOT NULL AND ru.banned_until <= ?1))"
                + " AND LOWER(u.username) IN (" + in + ")");
        query.setParameter(1, Timestamp.from(Instant.now()));
        for (int i = 0; i < wanted.size(); i++) {
            query.setParameter(i + 2, wanted.get(i));
        }
        Map<Long, List<MentionNames.Member>> members = new HashMap<>();
        for (Object[] row : rows(query)) {
            members.computeIfAbsent(number(row[0]), room -> new ArrayList<>())
                    .add(new MentionNames.Member(number(row[1]), (String) row[2], flag(row[3])));
        }
        return members;
    }

    private static List<Long> sorted(List<Long> ids) {
        return List.copyOf(new TreeSet<>(ids));
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query query) {
        return query.getResultList();
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static boolean flag(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }
}
