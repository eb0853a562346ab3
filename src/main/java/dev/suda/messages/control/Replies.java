package dev.suda.messages.control;

import dev.suda.messages.entity.Message;
import dev.suda.platform.ProblemException;
import dev.suda.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Replies: checks what a new message answers, and quotes originals for history and live frames. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class Replies {

    /** How many characters (code points) of the original a quote shows. */
    public static final int EXCERPT = 100;

    @PersistenceContext
    EntityManager em;

    /**
     * The quote a new reply in {@code roomId} carries: the original must be a message of the same room (a system
     * message counts too, as people answer "X joined" with a welcome).
     */
    public MessageView.Quote quoteFor(long roomId, long replyToId) {
        Message original = em.find(Message.class, replyToId);
        if (original == null) {
            throw ProblemException.badRequest("reply_not_found", "replyTo: there is no message " + replyToId);
        }
        if (original.getRoomId() != roomId) {
            throw ProblemException.badRequest("reply_other_room", "replyTo must be a message of the same room");
        }
        return quote(original, em.find(User.class, original.getSenderId()));
    }

    /** The quotes of these originals by their ids; an id with no message left gets a deleted quote. */
    public Map<Long, MessageView.Quote> quotes(Collection<Long> originalIds) {
        if (originalIds.isEmpty()) {
            return Map.of();
        }
        List<Message> originals = em.createQuery("SELECT m FROM Message m WHERE m.id IN :ids", Message.class)
                .setParameter("ids", originalIds).getResultList();
        Map<Long, User> senders = originals.isEmpty() ? Map.of()
                : em.createQuery("SELECT u FROM User u WHERE u.id IN :ids", User.class)
                        .setParameter("ids", originals.stream().map(Message::getSenderId).distinct().toList())
                        .getResultStream().collect(Collectors.toMap(User::getId, Function.identity()));
        Map<Long, MessageView.Quote> quotes = new HashMap<>();
        for (long id : originalIds) {
            quotes.put(id, deleted(id));
        }
        for (Message original : originals) {
            quotes.put(original.getId(), quote(original, senders.get(original.getSenderId())));
        }
        return quotes;
    }

    static MessageView.Quote quote(Message original, User sender) {
        return new MessageView.Quote(original.getId(), original.getSenderId(),
                sender == null ? null : sender.display(), excerpt(original.getContent()), false);
    }

    static MessageView.Quote deleted(long id) {
        return new MessageView.Quote(id, null, null, null, true);
    }

    /** The first {@link #EXCERPT} code points (never half an emoji), and an ellipsis when there was more. */
    static String excerpt(String content) {
        if (content.codePointCount(0, content.length()) <= EXCERPT) {
            return content;
        }
        return content.substring(0, content.offsetByCodePoints(0, EXCERPT)) + "…";
    }
}
