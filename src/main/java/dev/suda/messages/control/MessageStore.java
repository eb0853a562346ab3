package dev.suda.messages.control;

import dev.suda.files.control.Files;
import dev.suda.mentions.control.Mentions;
import dev.suda.membership.control.Memberships;
import dev.suda.membership.entity.Role;
import dev.suda.messages.entity.Message;
import dev.suda.platform.Migrations;
import dev.suda.platform.ProblemException;
import dev.suda.platform.RoundTrip;
import dev.suda.rooms.control.Rooms;
import dev.suda.users.control.Users;
import dev.suda.users.entity.User;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stores messages and announces them: a system message in the caller's transaction (a join), a batch of posts
 * in a transaction of its own, whose checks and inserts share its one pooled connection.
 */
@ApplicationScoped
@Transactional(dontRollbackOn = {ProblemException.class, EntityExistsException.class})
public class MessageStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<MessagesCreated> created;

    @Inject
    Migrations migrations;

    @Inject
    Rooms rooms;

    @Inject
    Memberships memberships;

    @Inject
    Users users;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    Files files;

    @Inject
    Replies replies;

    @Inject
    Mentions mentions;

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
                    MessageView earlier = view(message, sender, role).withAttachments(
                            files.ofMessages(List.of(message.getId())).getOrDefault(message.getId(), List.of()));
                    earlier = earlier.withMentions(mentions.of(List.of(message.getId())).getOrDefault(message.getId(), List.of()));
                    return new Messages.Posted(message.getReplyToId() == null ? earlier
                            : earlier.withReplyTo(replies.quotes(List.of(message.getReplyToId())).get(message.getReplyToId())), false);
                });
    }

    /**
     * Stores a system message (a join, a leave) in the caller's transaction, under its room's row lock, held to
     * commit: a room's messages then commit in id order, so a reader that has seen message N has every earlier one
     * of the room committed too (gap-free resume). The same statements as a batch of posts keep that rule.
     */
    public MessageView insert(long roomId, User about, Role role, String text) {
        MessageRows rows = rows();
        RoundTrip lock = rows.roundTrip();
        RoundTrip.Result<Map<Long, Long>> locked = rows.lockRooms(lock, List.of(roomId));
        run(lock, "The room could not be locked");
        Map<Long, Long> lastIds = locked.get();
        Long previousId = lastIds.get(roomId);
        if (previousId == null) {
            // the room went while the caller's transaction was changing it: none of that may commit
            transactions.setRollbackOnly();
            throw ProblemException.notFound("No room " + roomId);
        }
        MessageView message = new MessageView(0, roomId, new MessageView.Sender(about.getId(), about.display(), role),
                text, Message.Kind.SYSTEM.name(), null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        MessageView stored = withId(message, rows.insert(List.of(message), lastIds).get(0));
        created.fire(new MessagesCreated(List.of(new MessageCreated(stored, previousId))));
        return stored;
    }

    /**
     * A batch of posts in one transaction: one commit (one log flush) for all of them, each room's row lock taken
     * once, in ascending room order so that two nodes' batches cannot deadlock, and the batch's checks and inserts
     * in a fixed number of statements, however many posts it holds. Each post gets its own outcome: a refused post
     * (not a member, no such room) leaves the others untouched; a failure of the database rolls the whole batch
     * back.
     *
     * <p>A resend (a clientMsgId stored before) gets the earlier message. Resends are rare, so a batch does not look
     * for them unless asked ({@code lookForResends}): without looking, a resend breaks the unique index and rolls
     * the batch back, and the caller then writes it again, looking.
     */
    public List<Outcome> postAll(List<MessageWriter.Post> batch, boolean lookForResends) {
        MessageRows rows = rows();
        // the rooms' locks and the senders' seats in one round trip
        RoundTrip checks = rows.roundTrip();
        RoundTrip.Result<Map<Long, Long>> locked = rows.lockRooms(checks,
                batch.stream().map(MessageWriter.Post::roomId).distinct().toList());
        RoundTrip.Result<Map<Memberships.Seat, Memberships.Seated>> seats = memberships.seated(checks,
                batch.stream().map(post -> new Memberships.Seat(post.roomId(), post.caller().userId())).toList());
        run(checks, "The rooms and seats of a batch could not be read");
        Map<Long, Long> lastIds = locked.get();
        Map<Memberships.Seat, Memberships.Seated> seated = seats.get();
        Set<ClientId> taken = lookForResends ? taken(batch) : Set.of();

        Outcome[] outcomes = new Outcome[batch.size()];
        // the files taken by earlier posts of this batch
        Set<Long> claimed = new HashSet<>();
        List<Fresh> fresh = new ArrayList<>();
        // a resend within the batch: the index of the post whose message it gets
        Map<Integer, Integer> resendOf = new HashMap<>();
        Map<ClientId, Integer> firstInBatch = new HashMap<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < batch.size(); i++) {
            MessageWriter.Post post = batch.get(i);
            long userId = post.caller().userId();
            boolean roomExists = lastIds.containsKey(post.roomId());
            Memberships.Seated sender = seated.get(new Memberships.Seat(post.roomId(), userId));
            if (!roomExists) {
                outcomes[i] = new Outcome(null, ProblemException.notFound("No room " + post.roomId()));
            } else if (sender == null) {
                outcomes[i] = new Outcome(null, ProblemException.forbidden("not_member", "Join the room before posting in it"));
            } else {
                ClientId clientId = post.clientMsgId() == null ? null : new ClientId(userId, post.clientMsgId());
                if (clientId != null && firstInBatch.containsKey(clientId)) {
                    resendOf.put(i, firstInBatch.get(clientId));
                } else if (clientId != null && taken.contains(clientId)) {
                    outcomes[i] = new Outcome(earlier(userId, post.clientMsgId()).orElseThrow(), null);
                } else if (!post.attachments().isEmpty() && !claimable(post, claimed)) {
                    // its files went with another message since the post was checked (the room's lock, held now,
                    // orders the two): refused here, before any insert, so the rest of the batch stands; unless
                    // this is a resend of the message that took them
                    Optional<Messages.Posted> earlier = post.clientMsgId() == null ? Optional.empty()
                            : earlier(userId, post.clientMsgId());
                    outcomes[i] = earlier.map(e -> new Outcome(e, null)).orElseGet(() -> new Outcome(null,
                            ProblemException.conflict("attachment_taken",
                                    "A file of this message was sent with another message meanwhile")));
                } else {
                    if (clientId != null) {
                        firstInBatch.put(clientId, i);
                    }
                    fresh.add(new Fresh(i, new MessageView(0, post.roomId(),
                            new MessageView.Sender(userId, sender.display(), sender.role()),
                            post.text(), Message.Kind.USER.name(), post.clientMsgId(), now).withReplyTo(post.replyTo())));
                }
            }
        }
        List<MessageCreated> created = new ArrayList<>(fresh.size());
        if (!fresh.isEmpty()) {
            List<Long> ids = insert(rows, fresh.stream().map(Fresh::message).toList(), lastIds);
            List<Mentions.Text> texts = new ArrayList<>(fresh.size());
            for (int k = 0; k < fresh.size(); k++) {
                MessageView message = fresh.get(k).message();
                texts.add(new Mentions.Text(ids.get(k), message.roomId(), message.sender().id(), message.content()));
            }
            Map<Long, List<Long>> mentioned = mentions.store(texts);
            for (int k = 0; k < fresh.size(); k++) {
                MessageView stored = withId(fresh.get(k).message(), ids.get(k))
                        .withMentions(mentioned.getOrDefault(ids.get(k), List.of()));
                MessageWriter.Post post = batch.get(fresh.get(k).index());
                if (!post.attachments().isEmpty()) {
                    stored = stored.withAttachments(files.attach(stored.id(), post.caller().userId(), post.roomId(),
                            post.attachments()));
                }
                created.add(new MessageCreated(stored, lastIds.put(stored.roomId(), stored.id())));
                outcomes[fresh.get(k).index()] = new Outcome(new Messages.Posted(stored, true), null);
            }
        }
        resendOf.forEach((i, first) -> outcomes[i] = new Outcome(
                new Messages.Posted(outcomes[first].posted().message(), false), null));
        if (!created.isEmpty()) {
            this.created.fire(new MessagesCreated(created));
        }
        return List.of(outcomes);
    }

    /**
     * Inserts a batch's new messages. A resend the batch did not look for breaks the unique index of client ids: an
     * ordinary event, not a fault, so it leaves as an EntityExistsException (named in dontRollbackOn, so Liberty does
     * not record it as an incident) after marking the transaction rollback-only; the writer then writes the batch
     * again, looking for resends.
     */
    private List<Long> insert(MessageRows rows, List<MessageView> messages, Map<Long, Long> lastIds) {
        try {
            return rows.insert(messages, lastIds);
        } catch (PersistenceException failed) {
            if (!isDuplicateKey(failed)) {
                throw failed;
            }
            transactions.setRollbackOnly();
            throw new EntityExistsException("A message of the batch was stored before (a resend)", failed);
        }
    }

    private static boolean isDuplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState()) // Derby
                    || ("23000".equals(sql.getSQLState()) && sql.getErrorCode() == 1062))) { // MySQL, MariaDB
                return true;
            }
        }
        return false;
    }

    /** A new message of a batch, its id still to come, and the index of its post. */
    private record Fresh(int index, MessageView message) {
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

    /** True when the post's files are all still its sender's unsent uploads to the room; then they are claimed for it. */
    private boolean claimable(MessageWriter.Post post, Set<Long> claimed) {
        if (post.attachments().stream().anyMatch(claimed::contains)
                || !files.stillAttachable(post.caller().userId(), post.roomId(), post.attachments())) {
            return false;
        }
        claimed.addAll(post.attachments());
        return true;
    }

    /** What became of one post of a batch: the message, or why it was refused. */
    public record Outcome(Messages.Posted posted, ProblemException refused) {
    }

    private MessageRows rows() {
        return new MessageRows(em.unwrap(Connection.class), migrations.mysql(), migrations.consecutiveIds(),
                migrations.multiStatements());
    }

    private static void run(RoundTrip trip, String failure) {
        try {
            trip.run();
        } catch (SQLException e) {
            throw new PersistenceException(failure, e);
        }
    }

    private static MessageView withId(MessageView message, long id) {
        return new MessageView(id, message.roomId(), message.sender(), message.content(), message.kind(),
                message.clientMsgId(), message.createdAt(), message.attachments(), message.replyTo(), message.reactions(),
                message.editedAt(), message.mentions());
    }

    static MessageView view(Message message, User sender, Role role) {
        return new MessageView(message.getId(), message.getRoomId(),
                new MessageView.Sender(sender.getId(), sender.display(), role),
                message.getContent(), message.getKind().name(), message.getClientMsgId(), message.getCreatedAt())
                .withEditedAt(message.getEditedAt());
    }
}
