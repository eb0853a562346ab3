package dev.suda.moderation.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** One user hiding another's messages from themselves only. */
@Entity
@Table(name = "personal_mutes")
@IdClass(PersonalMute.Key.class)
@NamedQuery(name = PersonalMute.BY_USER, query = "SELECT p FROM PersonalMute p WHERE p.userId = :userId ORDER BY p.createdAt DESC")
public class PersonalMute {

    public static final String BY_USER = "PersonalMute.byUser";

    /** The primary key (user_id, muted_user_id), as JPA wants it: a plain class with the id fields' names. */
    public static class Key implements Serializable {
        private long userId;
        private long mutedUserId;

        public Key() {
        }

        public Key(long userId, long mutedUserId) {
            this.userId = userId;
            this.mutedUserId = mutedUserId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.userId == userId && key.mutedUserId == mutedUserId;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(userId) * 31 + Long.hashCode(mutedUserId);
        }
    }

    @Id
    @Column(name = "user_id")
    private long userId;

    @Id
    @Column(name = "muted_user_id")
    private long mutedUserId;

    @Column(name = "created_at")
    private Instant createdAt;

    protected PersonalMute() {
    }

    public PersonalMute(long userId, long mutedUserId) {
        this.userId = userId;
        this.mutedUserId = mutedUserId;
        this.createdAt = Instant.now();
    }

    public long getUserId() {
        return userId;
    }

    public long getMutedUserId() {
        return mutedUserId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
