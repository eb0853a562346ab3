package dev.suda.files.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A file's metadata. Its row is written by the upload itself (plain JDBC on the connection that streams the
 * bytes in); JPA reads it and links it to a message. {@code messageId} null: not sent yet, seen by nobody.
 */
@Entity
@Table(name = "files")
@NamedQuery(name = StoredFile.OF_MESSAGES, query = "SELECT f FROM StoredFile f WHERE f.messageId IN :messageIds ORDER BY f.id")
@NamedQuery(name = StoredFile.ATTACHABLE, query = "SELECT COUNT(f) FROM StoredFile f WHERE f.id IN :ids"
        + " AND f.uploaderId = :uploaderId AND f.roomId = :roomId AND f.messageId IS NULL")
@NamedQuery(name = StoredFile.ATTACH, query = "UPDATE StoredFile f SET f.messageId = :messageId WHERE f.id IN :ids"
        + " AND f.uploaderId = :uploaderId AND f.roomId = :roomId AND f.messageId IS NULL")
@NamedQuery(name = StoredFile.BY_IDS, query = "SELECT f FROM StoredFile f WHERE f.id IN :ids")
@NamedQuery(name = StoredFile.STALE, query = "DELETE FROM StoredFile f WHERE f.messageId IS NULL AND f.createdAt < :before")
@NamedQuery(name = StoredFile.ROOM_USAGE, query = "SELECT COUNT(f), COALESCE(SUM(f.size), 0) FROM StoredFile f WHERE f.roomId = :roomId")
public class StoredFile {

    public static final String OF_MESSAGES = "StoredFile.ofMessages";
    public static final String ATTACHABLE = "StoredFile.attachable";
    public static final String ATTACH = "StoredFile.attach";
    public static final String BY_IDS = "StoredFile.byIds";
    public static final String STALE = "StoredFile.stale";
    public static final String ROOM_USAGE = "StoredFile.roomUsage";

    @Id
    private long id;

    @Column(name = "room_id")
    private long roomId;

    @Column(name = "uploader_id")
    private long uploaderId;

    @Column(name = "message_id")
    private Long messageId;

    private String name;

    @Column(name = "content_type")
    private String contentType;

    @Column(name = "size_bytes")
    private long size;

    private String sha256;

    private Integer width;

    private Integer height;

    @Column(name = "thumb_bytes")
    private Integer thumbBytes;

    private String storage;

    @Column(name = "created_at")
    private Instant createdAt;

    public long getId() {
        return id;
    }

    public long getRoomId() {
        return roomId;
    }

    public long getUploaderId() {
        return uploaderId;
    }

    public Long getMessageId() {
        return messageId;
    }

    public String getName() {
        return name;
    }

    public String getContentType() {
        return contentType;
    }

    public long getSize() {
        return size;
    }

    public String getSha256() {
        return sha256;
    }

    public Integer getWidth() {
        return width;
    }

    public Integer getHeight() {
        return height;
    }

    public Integer getThumbBytes() {
        return thumbBytes;
    }

    public String getStorage() {
        return storage;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
