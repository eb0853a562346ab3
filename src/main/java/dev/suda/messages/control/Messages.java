package dev.suda.messages.control;

import dev.suda.auth.control.Caller;
import dev.suda.files.control.FileView;
import dev.suda.files.control.Files;
import dev.suda.mentions.control.Mentions;
import dev.suda.membership.control.Memberships;
import dev.suda.membership.control.Ranks;
import dev.suda.membership.entity.Membership;
import dev.suda.membership.entity.Role;
import dev.suda.messages.entity.Message;
import dev.suda.moderation.control.AuditLog;
import dev.suda.moderation.control.PostingRules;
import dev.suda.platform.Migrations;
import dev.suda.platform.ProblemException;
import dev.suda.reactions.control.ReactionCount;
import dev.suda.reactions.control.Reactions;
import dev.suda.rooms.control.Rooms;
import dev.suda.rooms.entity.Room;
import dev.suda.users.control.Users;
import dev.suda.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Posting, reading and deleting messages. A posted message is returned (and so acknowledged) only after
 * its transaction committed; {@link MessageCreated} follows the commit.
 */
@ApplicationScoped
@Transactional(dontRollbackOn = ProblemException.class)
public class Messages {

    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    Users users;

    @Inject
    Rooms rooms;

    @Inject
    Memberships memberships;

    @Inject
    AuditLog audit;

    @Inject
    MessageStore store;

    @Inject
    MessageWriter writer;

    @Inject
    Event<MessageDeleted> deleted;

    @Inject
    Migrations migrations;

    @Inject
    Files files;

    @Inject
    Replies replies;

    @Inject
    Reactions reactions;

    @Inject
    Mentions mentions;

    /*
     * Keyset pages on MySQL/MariaDB name their index: for "room_id = ? AND id < ? ORDER BY id DESC LIMIT n" MariaDB
     * 10.11 picks a ref scan on room_id from the room's newest message down, filtering id row by row, so a page deep
     * in a room of a million messages took seconds; the range scan on (room_id, id) starts at the cursor (ms).
     */
    // columns named as the entity maps them (ID, KIND and CONTENT are EclipseLink's default upper-case names)
    private static final String COLUMNS = "SELECT m.id AS ID, m.room_id AS room_id, m.sender_id AS sender_id, m.kind AS KIND,"
            + " m.content AS CONTENT, m.client_msg_id AS client_msg_id, m.created_at AS created_at, m.reply_to_id AS reply_to_id, m.edited_at AS edited_at";
    private static final String PAGE_MYSQL = COLUMNS + " FROM messages m FORCE INDEX (ix_messages_room)"
            + " WHERE m.room_id = ?1 AND m.id < ?2"
            + " AND m.sender_id NOT IN (SELECT p.muted_user_id FROM personal_mutes p WHERE p.user_id = ?3)"
            + " ORDER BY m.id DESC LIMIT ?4";
    private static final String AFTER_MYSQL = COLUMNS + " FROM messages m FORCE INDEX (ix_messages_room)"
            + " WHERE m.room_id = ?1 AND m.id > ?2 ORDER BY m.id LIMIT ?3";

    /** A posted message, and whether this call created it (false: a resend of an earlier clientMsgId). */
    public record Posted(MessageView message, boolean created) {
    }

    /** One page of history, newest first; {@code nextBefore} is the {@code before} of the next page, null at the end. */
    public record Page(List<MessageView> items, Long nextBefore) {
    }

    /**
     * Posts a message. The same sender's resend with the same clientMsgId returns the first message instead of
     * storing a second; two racing sends of one id are settled by the unique index (sender_id, client_msg_id):
     * the loser reads the winner's row. The {@link MessageWriter} stores posts in batches, each batch one
     * transaction; the returned stage completes once the post's batch committed, or fails with a
     * {@link ProblemException}. Bad content is refused at once; a refusal by the {@link PostingRules} (banned,
     * muted, too fast), which the writer asks just before storing the post's batch, fails the stage, and such a post
     * is never stored.
     */
    @Transactional(value = Transactional.TxType.NOT_SUPPORTED, dontRollbackOn = ProblemException.class)
    public CompletableFuture<Posted> postAsync(Caller caller, long roomId, String content, String clientMsgId) {
        return postAsync(caller, roomId, content, clientMsgId, null, List.of());
    }

    /**
     * A post with files (the caller's own uploads to this room, not sent yet; then the text may be left out) and
     * answering {@code replyTo} when given: a message of the same room, else the post is refused at once.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public CompletableFuture<Posted> postAsync(Caller caller, long roomId, String content, String clientMsgId,
                                               Long replyTo, List<Long> attachments) {
        boolean withFiles = attachments != null && !attachments.isEmpty();
        String text = withFiles && (content == null || content.isEmpty()) ? "" : MessageContent.check(content);
        MessageContent.checkClientId(clientMsgId);
        MessageView.Quote quote = replyTo == null ? null : replies.quoteFor(roomId, replyTo);
        List<Long> fileIds = withFiles ? files.checkAttachable(caller.userId(), roomId, attachments) : List.of();
        return writer.submit(caller, roomId, text, clientMsgId, fileIds, quote);
    }

    /** The room of a message, for the {@code @Moderated} check of a REST call about the message (edit, react). */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public long roomOf(long messageId) {
        Message message = em.find(Message.class, messageId);
        if (message == null) {
            throw ProblemException.notFound("No message " + messageId);
        }
        return message.getRoomId();
    }

    /** A system message (join, leave) from the user it is about, in the caller's transaction. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public MessageView system(long roomId, User about, Role role, String text) {
        return store.insert(roomId, about, role, text);
    }

    /** History newest first by keyset (never OFFSET), without the senders the reader muted for themselves. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public Page history(Caller caller, long roomId, Long before, Integer limit) {
        Room room = rooms.require(roomId);
        if (memberships.active(roomId, caller.userId()).isEmpty() && !users.isAdmin(caller.userId())) {
            throw ProblemException.forbidden("not_member", "Join the room to read its history");
        }
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw ProblemException.badRequest("bad_limit", "limit must be 1 to " + MAX_PAGE);
        }
        long cursor = before == null ? Long.MAX_VALUE : before;
        List<Message> rows = migrations.mysql()
                ? rows(em.createNativeQuery(PAGE_MYSQL, Message.class).setParameter(1, roomId).setParameter(2, cursor)
                        .setParameter(3, caller.userId()).setParameter(4, size))
                : em.createNamedQuery(Message.PAGE, Message.class)
                        .setParameter("roomId", roomId)
                        .setParameter("before", cursor)
                        .setParameter("reader", caller.userId())
                        .setMaxResults(size)
                        .getResultList();
        Long next = rows.size() == size ? rows.get(rows.size() - 1).getId() : null;
        return new Page(views(room, rows, caller.userId()), next);
    }

    /** What a member missed after a message id, oldest first: the replay of a resuming socket. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public List<MessageView> after(Caller caller, long roomId, long afterId, int limit) {
        if (memberships.active(roomId, caller.userId()).isEmpty() && !users.isAdmin(caller.userId())) {
            throw ProblemException.forbidden("not_member", "Join the room to read its messages");
        }
        return views(roomId, afterId, limit, caller.userId());
    }

    /** The committed messages of a room after an id, oldest first. */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public List<MessageView> after(long roomId, long afterId, int limit) {
        return views(roomId, afterId, limit, null);
    }

    private List<MessageView> views(long roomId, long afterId, int limit, Long readerId) {
        Room room = em.find(Room.class, roomId);
        if (room == null) {
            return List.of();
        }
        return views(room, migrations.mysql()
                ? rows(em.createNativeQuery(AFTER_MYSQL, Message.class).setParameter(1, roomId).setParameter(2, afterId)
                        .setParameter(3, limit))
                : em.createNamedQuery(Message.AFTER, Message.class)
                        .setParameter("roomId", roomId).setParameter("after", afterId)
                        .setMaxResults(limit).getResultList(), readerId);
    }

    /** Deletes a message: its author, or a room OWNER/ADMIN or site admin who outranks the sender. */
    public void delete(Caller caller, long messageId) {
        Message message = em.find(Message.class, messageId);
        if (message == null) {
            throw ProblemException.notFound("No message " + messageId);
        }
        Room room = rooms.require(message.getRoomId());
        boolean author = message.getSenderId() == caller.userId() && message.getKind() == Message.Kind.USER;
        if (!author) {
            User sender = users.require(message.getSenderId());
            Role senderRole = memberships.roles(room, List.of(sender)).get(sender.getId());
            Role actorRole = memberships.active(room.getId(), caller.userId()).map(Membership::getRole).orElse(null);
            if (!Ranks.may(actorRole, users.isAdmin(caller.userId()), Ranks.Act.DELETE_MESSAGE, senderRole, sender.isAdmin())) {
                throw ProblemException.forbidden("not_allowed",
                        "Only the author, or a room owner or admin above the author, may delete this message");
            }
        }
        em.remove(message);
        audit.record(room.getId(), caller.userId(), message.getSenderId(), "MESSAGE_DELETE", null, null);
        deleted.fire(new MessageDeleted(room.getId(), messageId));
    }

    /**
     * These messages as {@code readerId} sees them, in the order of the ids given; an id with no message left is left
     * out. The caller decides which messages the reader may see.
     */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = ProblemException.class)
    public List<MessageView> views(List<Long> messageIds, long readerId) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Message>> byRoom = em.createQuery("SELECT m FROM Message m WHERE m.id IN :ids", Message.class)
                .setParameter("ids", messageIds).getResultStream()
                .collect(Collectors.groupingBy(Message::getRoomId));
        Map<Long, MessageView> seen = new java.util.HashMap<>();
        byRoom.forEach((roomId, rows) -> {
            Room room = em.find(Room.class, roomId);
            if (room != null) {
                views(room, rows, readerId).forEach(view -> seen.put(view.id(), view));
            }
        });
        return messageIds.stream().map(seen::get).filter(java.util.Objects::nonNull).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Message> rows(jakarta.persistence.Query nativeQuery) {
        return nativeQuery.getResultList();
    }

    /** The rows as their reader sees them: with the quotes they reply to, reactions ({@code mine} for the reader) and mentions. */
    private List<MessageView> views(Room room, List<Message> rows, Long readerId) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> senderIds = rows.stream().map(Message::getSenderId).distinct().toList();
        Map<Long, User> senders = em.createQuery("SELECT u FROM User u WHERE u.id IN :ids", User.class)
                .setParameter("ids", senderIds).getResultStream()
                .collect(Collectors.toMap(User::getId, Function.identity()));
        Map<Long, Role> roles = memberships.roles(room, senders.values());
        Map<Long, List<FileView>> attached = files.ofMessages(rows.stream().map(Message::getId).toList());
        Map<Long, MessageView.Quote> quotes = replies.quotes(
                rows.stream().map(Message::getReplyToId).filter(java.util.Objects::nonNull).distinct().toList());
        Map<Long, List<ReactionCount>> counts = reactions.of(rows.stream().map(Message::getId).toList(), readerId);
        Map<Long, List<Long>> mentioned = mentions.of(rows.stream().map(Message::getId).toList());
        return rows.stream().map(m -> MessageStore.view(m, senders.get(m.getSenderId()), roles.get(m.getSenderId()))
                .withAttachments(attached.getOrDefault(m.getId(), List.of()))
                .withReplyTo(m.getReplyToId() == null ? null : quotes.get(m.getReplyToId()))
                .withReactions(counts.getOrDefault(m.getId(), List.of()))
                .withMentions(mentioned.getOrDefault(m.getId(), List.of()))).toList();
    }
}
