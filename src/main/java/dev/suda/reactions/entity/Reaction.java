package dev.suda.reactions.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** One user's emoji on one message. */
@Entity
@Table(name = "message_reactions")
public class Reaction {

    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "message_id")
        private long messageId;

        private String emoji;

        @Column(name = "user_id")
        private long userId;

        protected Key() {
        }

        public Key(long messageId, String emoji, long userId) {
            this.messageId = messageId;
            this.emoji = emoji;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.messageId == messageId && key.userId == userId
                    && Objects.equals(key.emoji, emoji);
        }

        @Override
        public int hashCode() {
            return Objects.hash(messageId, emoji, userId);
        }
    }

    @EmbeddedId
    private Key key;

    @Column(name = "created_at")
    private Instant createdAt;

    protected Reaction() {
    }

    public Reaction(long messageId, String emoji, long userId) {
        this.key = new Key(messageId, emoji, userId);
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
