package dev.suda.messages.control;

import dev.suda.membership.control.Memberships;
import dev.suda.membership.entity.Membership;
import dev.suda.membership.entity.Role;
import dev.suda.messages.entity.Message;
import dev.suda.platform.ProblemException;
import dev.suda.rooms.control.Rooms;
import dev.suda.rooms.entity.Room;
import dev.suda.users.control.Users;
import dev.suda.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Stores messages and announces them: a system message in the caller's transaction (a join), a batch of posts
 * in a transaction of its own, whose checks and inserts share its one pooled connection.
 */
@ApplicationScoped
@Transactional
public class MessageStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<MessageCreated> created;

    @Inject
    Rooms rooms;

    @Inject
    Memberships memberships;

    @Inject
    Users users;

    /** The message a sender first posted with this clientMsgId, if any: what a resend gets back. */
    public Optional<Messages.Posted> earlier(long senderId, String clientMsgId) {
        if (clientMsgId == null) {
            return Optional.empty();
        }
        return em.createNamedQuery(Message.BY_CLIENT_ID, Message.class)
                .setParameter("senderId", senderId).setParameter("clientMsgId", clientMsgId)
                .getResultStream().findFirst()
                .map(message -> {
                    User sender = users.require(senderId);
                    Role role = memberships.roles(rooms.require(message.getRoomId()), List.of(sender)).get(senderId);
                    return new Messages.Posted(view(message, sender, role), false);
                });
    }

    /**
     * Stores a message under its room's row lock, held to commit: a room's messages then commit in id order, so
     * a reader that has seen message N has every earlier one of the room committed too (gap-free resume).
     */
    public MessageView insert(Message message, User sender, Role role) {
        Room room = rooms.lock(message.getRoomId());
        long previousId = room.getLastMessageId();
        MessageView view = store(message, sender, role, previousId);
        room.setLastMessageId(message.getId());
        return view;
    }

    /**
     * A batch of posts in one transaction: one commit (one log flush) for all of them, and each room's row lock
     * taken once, in ascending room order so that two nodes' batches cannot deadlock. Each post gets its own
     * outcome: a refused post (not a member, no such room) leaves the others untouched; a failure of the
     * database rolls the whole batch back, and the caller then posts one by one.
     */
    public List<Outcome> postAll(List<MessageWriter.Post> batch) {
        Map<Long, Room> locked = new TreeMap<>();
        batch.forEach(post -> locked.put(post.roomId(), null));
        for (Long roomId : locked.keySet()) {
            locked.put(roomId, em.find(Room.class, roomId, LockModeType.PESSIMISTIC_WRITE));
        }
        // the batch's checks in two queries, not two per post
        Map<Memberships.Seat, Membership> members = memberships.active(
                batch.stream().map(post -> new Memberships.Seat(post.roomId(), post.caller().userId())).toList());
        Set<ClientId> taken = taken(batch);
        Map<ClientId, Messages.Posted> postedNow = new HashMap<>();
        // the rooms' newest ids as this batch goes; written to the room rows once, at the end
        Map<Long, Long> lastIds = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (MessageWriter.Post post : batch) {
            try {
                Room room = locked.get(post.roomId());
                if (room == null) {
                    throw ProblemException.notFound("No room " + post.roomId());
                }
                long userId = post.caller().userId();
                Membership membership = members.get(new Memberships.Seat(room.getId(), userId));
                if (membership == null) {
                    throw ProblemException.forbidden("not_member", "Join the room before posting in it");
                }
                ClientId clientId = post.clientMsgId() == null ? null : new ClientId(userId, post.clientMsgId());
                if (clientId != null && (taken.contains(clientId) || postedNow.containsKey(clientId))) {
                    Messages.Posted first = postedNow.containsKey(clientId)
                            ? new Messages.Posted(postedNow.get(clientId).message(), false)
                            : earlier(userId, post.clientMsgId()).orElseThrow();
                    outcomes.add(new Outcome(first, null));
                    continue;
                }
                long previousId = lastIds.getOrDefault(room.getId(), room.getLastMessageId());
                Message message = new Message(room.getId(), userId, Message.Kind.USER, post.text(), post.clientMsgId());
                Messages.Posted posted = new Messages.Posted(
                        store(message, users.require(userId), membership.getRole(), previousId), true);
                lastIds.put(room.getId(), message.getId());
                if (clientId != null) {
                    postedNow.put(clientId, posted);
                }
                outcomes.add(new Outcome(posted, null));
            } catch (ProblemException refused) {
                outcomes.add(new Outcome(null, refused));
            }
        }
        lastIds.forEach((roomId, lastId) -> locked.get(roomId).setLastMessageId(lastId));
        return outcomes;
    }

    /** A sender's client message id: what makes a resend a resend. */
    private record ClientId(long senderId, String clientMsgId) {
    }

    /** The client ids of the batch that earlier messages already carry. */
    private Set<ClientId> taken(List<MessageWriter.Post> batch) {
        List<MessageWriter.Post> identified = batch.stream().filter(post -> post.clientMsgId() != null).toList();
        if (identified.isEmpty()) {
            return Set.of();
        }
        return em.createNamedQuery(Message.CLIENT_IDS_TAKEN, Object[].class)
                .setParameter("senderIds", identified.stream().map(post -> post.caller().userId()).distinct().toList())
                .setParameter("clientMsgIds", identified.stream().map(MessageWriter.Post::clientMsgId).distinct().toList())
                .getResultStream()
                .map(row -> new ClientId(((Number) row[0]).longValue(), (String) row[1]))
                .collect(Collectors.toSet());
    }

    /** What became of one post of a batch: the message, or why it was refused. */
    public record Outcome(Messages.Posted posted, ProblemException refused) {
    }

    private MessageView store(Message message, User sender, Role role, long previousId) {
        em.persist(message);
        em.flush();
        MessageView view = view(message, sender, role);
        created.fire(new MessageCreated(view, previousId));
        return view;
    }

    static MessageView view(Message message, User sender, Role role) {
        return new MessageView(message.getId(), message.getRoomId(),
                new MessageView.Sender(sender.getId(), sender.display(), role),
                message.getContent(), message.getKind().name(), message.getClientMsgId(), message.getCreatedAt());
    }
}
