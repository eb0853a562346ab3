package dev.suda.messages.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A message as stored, content verbatim. Ids grow in commit order per database, which is the room's one order. */
@Entity
@Table(name = "messages")
@NamedQuery(name = Message.BY_CLIENT_ID,
        query = "SELECT m FROM Message m WHERE m.senderId = :senderId AND m.clientMsgId = :clientMsgId")
// A batch of posts: which of these senders' client ids are taken (a superset of the pairs asked for)
@NamedQuery(name = Message.CLIENT_IDS_TAKEN, query = "SELECT m.senderId, m.clientMsgId FROM Message m"
        + " WHERE m.senderId IN :senderIds AND m.clientMsgId IN :clientMsgIds")
// Keyset paging on ix_messages_room (room_id, id); the reader's personal mutes are left out in the query.
@NamedQuery(name = Message.PAGE, query = "SELECT m FROM Message m WHERE m.roomId = :roomId AND m.id < :before"
        + " AND m.senderId NOT IN (SELECT p.mutedUserId FROM PersonalMute p WHERE p.userId = :reader)"
        + " ORDER BY m.id DESC")
// What a resuming socket missed, oldest first, on the same index.
@NamedQuery(name = Message.AFTER, query = "SELECT m FROM Message m WHERE m.roomId = :roomId AND m.id > :after ORDER BY m.id")
// What the room last said about a user coming or going, on uk_messages_client (sender_id first).
@NamedQuery(name = Message.LAST_SYSTEM_ABOUT, query = "SELECT m.content FROM Message m"
        + " WHERE m.senderId = :userId AND m.roomId = :roomId AND m.kind = :kind"
        + " ORDER BY m.id DESC")
public class Message {

    public static final String BY_CLIENT_ID = "Message.byClientId";
    public static final String CLIENT_IDS_TAKEN = "Message.clientIdsTaken";
    public static final String LAST_SYSTEM_ABOUT = "Message.lastSystemAbout";
    public static final String AFTER = "Message.after";
    public static final String PAGE = "Message.page";

    public enum Kind { USER, SYSTEM }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "room_id")
    private long roomId;

    @Column(name = "sender_id")
    private long senderId;

    @Enumerated(EnumType.STRING)
    private Kind kind;

    private String content;

    @Column(name = "client_msg_id")
    private String clientMsgId;

    @Column(name = "created_at")
    private Instant createdAt;

    /** The message this one answers, if any; it may since have been deleted. */
    @Column(name = "reply_to_id")
    private Long replyToId;

    /** When the author last changed the text; null if never. */
    @Column(name = "edited_at")
    private Instant editedAt;

    protected Message() {
    }

    public Message(long roomId, long senderId, Kind kind, String content, String clientMsgId) {
        this.roomId = roomId;
        this.senderId = senderId;
        this.kind = kind;
        this.content = content;
        this.clientMsgId = clientMsgId;
        // The database keeps milliseconds (DATETIME(3)); the copy returned at once must read the same as history.
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public Long getId() {
        return id;
    }

    public long getRoomId() {
        return roomId;
    }

    public long getSenderId() {
        return senderId;
    }

    public Kind getKind() {
        return kind;
    }

    public String getContent() {
        return content;
    }

    public String getClientMsgId() {
        return clientMsgId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Long getReplyToId() {
        return replyToId;
    }

    public Instant getEditedAt() {
        return editedAt;
    }

    /** The author's new text; the earlier one goes to the audit log. */
    public void edit(String newContent) {
        this.content = newContent;
        this.editedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
