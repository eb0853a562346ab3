package dev.suda.reactions.control;

import dev.suda.auth.control.Caller;
import dev.suda.membership.control.Memberships;
import dev.suda.messages.entity.Message;
import dev.suda.moderation.control.Moderated;
import dev.suda.moderation.control.Sanctions;
import dev.suda.platform.ProblemException;
import dev.suda.platform.SqlText;
import dev.suda.reactions.entity.Reaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adds and takes back reactions. A change locks its message's row to commit, so that two people adding the 20th and
 * 21st emoji at once cannot both pass the limit, and the counts each change announces are the counts after it.
 */
@ApplicationScoped
// a refusal comes before any change, so it need not roll back (and is then no incident for the container to record)
@Transactional(dontRollbackOn = ProblemException.class)
public class Reactions {

    /** At most this many distinct emoji on one message. */
    public static final int MAX_EMOJI = 20;

    @PersistenceContext
    EntityManager em;

    @Inject
    Memberships memberships;

    @Inject
    Sanctions sanctions;

    @Inject
    Event<ReactionsChanged> changed;

    /**
     * Adds ({@code on}) or takes back the caller's emoji on a message of the room; doing either twice changes
     * nothing. A banned member is refused by {@link Moderated}, a muted one here, as a mute stops posting. Returns the
     * message's counts as the caller sees them.
     */
    @Moderated
    public List<ReactionCount> react(Caller caller, long roomId, long messageId, String emoji, boolean on) {
        String checked = Emoji.check(emoji);
        Message message = em.find(Message.class, messageId, LockModeType.PESSIMISTIC_WRITE);
        if (message == null || message.getRoomId() != roomId) {
            throw ProblemException.notFound("No message " + messageId + " in room " + roomId);
        }
        long userId = caller.userId();
        if (memberships.active(roomId, userId).isEmpty()) {
            throw ProblemException.forbidden("not_member", "Join the room to react in it");
        }
        sanctions.inForce(Sanctions.Kind.MUTE, roomId, userId).ifPresent(mute -> {
            throw mute.refusal();
        });
        Reaction existing = em.find(Reaction.class, new Reaction.Key(messageId, checked, userId));
        boolean changes = on ? existing == null : existing != null;
        if (changes && on) {
            List<String> present = em.createQuery("SELECT DISTINCT r.key.emoji FROM Reaction r WHERE r.key.messageId = :id",
                    String.class).setParameter("id", messageId).getResultList();
            if (!present.contains(checked) && present.size() >= MAX_EMOJI) {
                throw ProblemException.conflict("too_many_emoji", "A message takes at most " + MAX_EMOJI + " different emoji");
            }
            em.persist(new Reaction(messageId, checked, userId));
        } else if (changes) {
            em.remove(existing);
        }
        em.flush();
        List<ReactionCount> counts = of(List.of(messageId), userId).getOrDefault(messageId, List.of());
        if (changes) {
            changed.fire(new ReactionsChanged(roomId, messageId, userId, checked, on,
                    counts.stream().map(c -> new ReactionCount(c.emoji(), c.count(), false)).toList()));
        }
        return counts;
    }

    /**
     * The counts of these messages by message id, each in the order its emoji first came; {@code mine} for the
     * reader (none when null). Messages without reactions are left out.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Long, List<ReactionCount>> of(Collection<Long> messageIds, Long readerId) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        // native: the first time of each emoji is read only to order by, and the driver's type for MIN(created_at)
        // (LocalDateTime from MySQL's, Timestamp from Derby's) is not what the entity's Instant converter takes
        List<Long> ids = List.copyOf(messageIds);
        jakarta.persistence.Query counting = em.createNativeQuery("SELECT message_id, emoji, COUNT(*), MIN(created_at)"
                + " FROM message_reactions WHERE message_id IN (" + SqlText.placeholders(ids.size()) + ")"
                + " GROUP BY message_id, emoji");
        for (int i = 0; i < ids.size(); i++) {
            counting.setParameter(i + 1, ids.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = counting.getResultList();
        if (rows.isEmpty()) {
            return Map.of();
        }
        Set<String> mine = new HashSet<>();
        if (readerId != null) {
            em.createQuery("SELECT r.key.messageId, r.key.emoji FROM Reaction r WHERE r.key.messageId IN :ids"
                            + " AND r.key.userId = :reader", Object[].class)
                    .setParameter("ids", messageIds).setParameter("reader", readerId)
                    .getResultStream().forEach(row -> mine.add(row[0] + " " + row[1]));
        }
        // in the order each emoji first came to its message
        rows = new ArrayList<>(rows);
        rows.sort(Comparator.comparing((Object[] row) -> ((Number) row[0]).longValue())
                .thenComparing(row -> firstCame(row[3])).thenComparing(row -> (String) row[1]));
        Map<Long, List<ReactionCount>> counts = new LinkedHashMap<>();
        for (Object[] row : rows) {
            long messageId = ((Number) row[0]).longValue();
            String emoji = (String) row[1];
            counts.computeIfAbsent(messageId, id -> new ArrayList<>())
                    .add(new ReactionCount(emoji, ((Number) row[2]).longValue(), mine.contains(messageId + " " + emoji)));
        }
        return counts;
    }

    /** A sortable form of a time as the driver gives it. */
    private static String firstCame(Object time) {
        if (time instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString();
        }
        return String.valueOf(time);
    }
}
