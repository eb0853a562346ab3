package dev.suda.rooms.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A public room. Its members and messages refer to it and go with it (ON DELETE CASCADE in the schema). */
@Entity
@Table(name = "rooms")
@NamedQuery(name = Room.ALL, query = "SELECT r FROM Room r WHERE r.id < :before ORDER BY r.id DESC")
public class Room {

    public static final String ALL = "Room.all";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @Column(name = "owner_id")
    private long ownerId;

    @Column(name = "created_at")
    private Instant createdAt;

    /** The newest message of the room; a new message takes this row's lock, so a room's messages commit in id order. */
    @Column(name = "last_message_id")
    private long lastMessageId;

    protected Room() {
    }

    public Room(String name, long ownerId) {
        this.name = name;
        this.ownerId = ownerId;
        this.createdAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public long getOwnerId() {
        return ownerId;
    }

    public long getLastMessageId() {
        return lastMessageId;
    }

    public void setLastMessageId(long lastMessageId) {
        this.lastMessageId = lastMessageId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
