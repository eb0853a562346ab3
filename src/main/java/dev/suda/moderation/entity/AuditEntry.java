package dev.suda.moderation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** One moderation action: who did what to whom, where, why and until when. Never changed once written. */
@Entity
@Table(name = "audit_log")
@NamedQuery(name = AuditEntry.ALL, query = "SELECT a FROM AuditEntry a WHERE a.id < :before ORDER BY a.id DESC")
@NamedQuery(name = AuditEntry.OF_ROOM,
        query = "SELECT a FROM AuditEntry a WHERE a.roomId = :roomId AND a.id < :before ORDER BY a.id DESC")
public class AuditEntry {

    public static final String ALL = "AuditEntry.all";
    public static final String OF_ROOM = "AuditEntry.ofRoom";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "room_id")
    private Long roomId;

    @Column(name = "actor_id")
    private Long actorId;

    @Column(name = "target_id")
    private Long targetId;

    private String action;

    private String reason;

    @Column(name = "until_at")
    private Instant until;

    @Column(name = "created_at")
    private Instant createdAt;

    /** The message an entry is about (an edit), if any. */
    @Column(name = "message_id")
    private Long messageId;

    protected AuditEntry() {
    }

    public AuditEntry(Long roomId, Long actorId, Long targetId, String action, String reason, Instant until) {
        this.roomId = roomId;
        this.actorId = actorId;
        this.targetId = targetId;
        this.action = action;
        this.reason = reason;
        this.until = until;
        this.createdAt = Instant.now();
    }

    /** An action on a message: an edit keeps the earlier text as its reason. */
    public AuditEntry(long roomId, long actorId, long targetId, String action, long messageId, String text) {
        this(roomId, actorId, targetId, action, text, null);
        this.messageId = messageId;
    }

    public Long getMessageId() {
        return messageId;
    }

    public Long getId() {
        return id;
    }

    public Long getRoomId() {
        return roomId;
    }

    public Long getActorId() {
        return actorId;
    }

    public Long getTargetId() {
        return targetId;
    }

    public String getAction() {
        return action;
    }

    public String getReason() {
        return reason;
    }

    public Instant getUntil() {
        return until;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
