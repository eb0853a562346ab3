package dev.suda.auth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The durable record of one session (a token's {@code sid}): live while it has not ended, has not expired and its
 * user is not site-banned. The shared state keeps a copy of the live ones for the fast check of every request.
 */
@Entity
@Table(name = "sessions")
@NamedQuery(name = SessionRecord.LIVE, query = "SELECT s FROM SessionRecord s, User u WHERE s.id = :id"
        + " AND u.id = s.userId AND s.endedAt IS NULL AND s.expiresAt > :now AND u.banned = false")
@NamedQuery(name = SessionRecord.OPEN_OF_USER, query = "SELECT s FROM SessionRecord s WHERE s.userId = :userId"
        + " AND s.endedAt IS NULL AND s.expiresAt > :now")
@NamedQuery(name = SessionRecord.ENDED_SINCE, query = "SELECT s FROM SessionRecord s WHERE s.endedAt >= :since"
        + " AND s.expiresAt > :now")
@NamedQuery(name = SessionRecord.FORGET_EXPIRED, query = "DELETE FROM SessionRecord s WHERE s.expiresAt < :before")
public class SessionRecord {

    public static final String LIVE = "SessionRecord.live";
    public static final String OPEN_OF_USER = "SessionRecord.openOfUser";
    public static final String ENDED_SINCE = "SessionRecord.endedSince";
    public static final String FORGET_EXPIRED = "SessionRecord.forgetExpired";

    @Id
    private String id;

    @Column(name = "user_id")
    private long userId;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    protected SessionRecord() {
    }

    public SessionRecord(String id, long userId, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.userId = userId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String getId() {
        return id;
    }

    public long getUserId() {
        return userId;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }

    /** Ends the session at {@code at}; a session ends once, so a second end keeps the first time. */
    public void end(Instant at) {
        if (endedAt == null) {
            endedAt = at;
        }
    }
}
