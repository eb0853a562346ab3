package dev.suda.files.control;

import dev.suda.auth.control.Caller;
import dev.suda.files.entity.StoredFile;
import dev.suda.membership.control.Memberships;
import dev.suda.moderation.control.Moderated;
import dev.suda.moderation.control.Sanctions;
import dev.suda.platform.Migrations;
import dev.suda.platform.ProblemException;
import dev.suda.platform.SharedState;
import dev.suda.rooms.control.Rooms;
import dev.suda.users.control.Users;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Uploads, attachments and downloads. An upload is read as a stream: its type is detected from its first bytes,
 * its bytes go to the {@link FileStore} a chunk at a time as they arrive, counted against {@code files.max.bytes},
 * all in one local transaction, so that a refused or broken upload leaves nothing behind. Uploading obeys the
 * room's rules as posting does: members only, not banned ({@link Moderated}) nor muted, at most
 * {@code files.per.minute}.
 */
@ApplicationScoped
public class Files {

    public static final int MAX_ATTACHMENTS = 10;
    static final String DEFAULT_TYPES = "image/*,audio/*,video/*,text/plain,text/csv,application/pdf,application/zip,"
            + "application/gzip,application/x-7z-compressed,application/json,application/msword,application/vnd.ms-*,"
            + "application/vnd.openxmlformats-officedocument.*,application/vnd.oasis.opendocument.*,application/x-tika-ooxml,"
            + "application/x-tika-msoffice,application/x-hwp,application/x-hwp-v5,application/vnd.hancom.*";

    /** The part of a multipart upload that holds the file: its name as the client gave it, and its bytes. */
    public record Part(String fileName, InputStream bytes) {
    }

    /** Finds the file part of an upload; read only once the uploader is let through. Null when there is none. */
    @FunctionalInterface
    public interface Incoming {
        Part filePart() throws IOException;
    }

    /** A file a member may download: what it is, and how to read its bytes. */
    public record Download(StoredFile file, FileStore store) {
    }

    @Resource(lookup = "jdbc/suda")
    DataSource dataSource;

    @PersistenceContext
    EntityManager em;

    /** Uploads this node stores at once: {@code files.concurrent.uploads}, one on Derby; made on first use. */
    private volatile Semaphore uploadTurns;

    @Inject
    Migrations migrations;

    @Inject
    Rooms rooms;

    @Inject
    Memberships memberships;

    @Inject
    Users users;

    @Inject
    Sanctions sanctions;

    @Inject
    SharedState state;

    @Inject
    @ConfigProperty(name = "files.max.bytes", defaultValue = "10485760")
    long maxBytes;

    @Inject
    @ConfigProperty(name = "files.allowed.types", defaultValue = DEFAULT_TYPES)
    String allowedTypes;

    @Inject
    @ConfigProperty(name = "files.per.minute", defaultValue = "30")
    int perMinute;

    /** A directory the nodes share; unset: the bytes go to the database. */
    @Inject
    @ConfigProperty(name = "files.dir")
    Optional<String> directory;

    @Inject
    @ConfigProperty(name = "files.strip.location", defaultValue = "true")
    boolean stripLocation;

    @Inject
    @ConfigProperty(name = "files.concurrent.uploads", defaultValue = "2")
    int concurrentUploads;

    @Inject
    @ConfigProperty(name = "files.upload.wait.seconds", defaultValue = "60")
    long uploadWaitSeconds;

    @Inject
    @ConfigProperty(name = "files.upload.bytes.per.second", defaultValue = "8388608")
    long uploadBytesPerSecond;

    private UploadBudget uploadBudget;

    @Inject
    @ConfigProperty(name = "files.room.quota.bytes", defaultValue = "1073741824")
    long roomQuota;

    private ContentTypes types;
    private DatabaseFileStore inDatabase;
    private Optional<DirectoryFileStore> inDirectory;

    @PostConstruct
    void init() {
        types = new ContentTypes(allowedTypes);
        inDatabase = new DatabaseFileStore(dataSource);
        uploadBudget = new UploadBudget(uploadBytesPerSecond);
        inDirectory = directory.filter(d -> !d.isBlank()).map(d -> new DirectoryFileStore(java.nio.file.Path.of(d)));
    }

    /** Where new uploads go. */
    private FileStore store() {
        return inDirectory.<FileStore>map(d -> d).orElse(inDatabase);
    }

    /** Where a file's bytes are. */
    private FileStore storeOf(StoredFile file) {
        if ("DIR".equals(file.getStorage())) {
            return inDirectory.orElseThrow(() -> new IllegalStateException(
                    "File " + file.getId() + " is in FILES_DIR, which is not set on this node"));
        }
        return inDatabase;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Stores an upload of the caller's to a room and returns it; nobody sees it until a message references it.
     * The checks come before a byte of the body is read.
     */
    @Moderated
    public FileView upload(Caller caller, long roomId, Incoming incoming) {
        long userId = caller.userId();
        rooms.require(roomId);
        if (memberships.active(roomId, userId).isEmpty()) {
            throw ProblemException.forbidden("not_member", "Join the room before sharing files in it");
        }
        sanctions.firstInForce(roomId, userId, Sanctions.Kind.BAN, Sanctions.Kind.MUTE).ifPresent(s -> {
            throw s.refusal();
        });
        if (state.hit("rate:upload:" + userId, Duration.ofMinutes(1)) > perMinute) {
            throw ProblemException.tooManyRequests("rate_limited", "At most " + perMinute + " uploads a minute; slow down");
        }
        long used = usage(roomId).bytes();
        if (used >= roomQuota) {
            throw roomFull();
        }
        try {
            Part part = incoming.filePart();
            if (part == null) {
                throw ProblemException.badRequest("missing_file", "The upload needs a part named file");
            }
            // A node stores a few uploads at once and the rest wait their turn (their bytes wait in the network):
            // sixteen at once took the node's core from the posts beside them (acks from 25 ms to 0.5-1.5 s) and,
            // with the bytes in the database, made MariaDB's core spin on its latches. The embedded Derby takes one
            // at a time: it locks what it reads (no row versions), and two uploads timed out on each other's rows.
            if (!uploadTurns().tryAcquire(uploadWaitSeconds, TimeUnit.SECONDS)) {
                throw ProblemException.unavailable("Too many uploads at once on this server; send the file again shortly");
            }
            try {
                return store(userId, roomId, FileNames.clean(part.fileName()), part.bytes(), roomQuota - used);
            } finally {
                uploadTurns().release();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw ProblemException.unavailable("The upload was interrupted; send the file again");
        } catch (Measured.TooLarge tooLarge) {
            throw tooLarge();
        } catch (IOException broken) {
            throw ProblemException.badRequest("bad_upload", "The upload could not be read: " + broken.getMessage());
        }
    }

    private Semaphore uploadTurns() {
        Semaphore turns = uploadTurns;
        if (turns == null) {
            synchronized (this) {
                if (uploadTurns == null) {
                    uploadTurns = new Semaphore(migrations.mysql() ? Math.max(1, concurrentUploads) : 1, true);
                }
                turns = uploadTurns;
            }
        }
        return turns;
    }

    public ProblemException tooLarge() {
        return new ProblemException(413, "too_large", "A file may have at most " + maxBytes + " bytes");
    }

    private ProblemException roomFull() {
        return new ProblemException(413, "room_quota", "The room's files may take at most " + roomQuota
                + " bytes; its owner or admins can delete messages with files to make room");
    }

    private FileView store(long userId, long roomId, String name, InputStream body, long roomLeft) throws IOException {
        Measured received = new Measured(uploadBudget.metered(body), maxBytes);
        BufferedInputStream head = new BufferedInputStream(received, 64 * 1024);
        String type = ContentTypes.detect(head, name);
        if (!types.allowed(type)) {
            throw new ProblemException(415, "type_not_allowed", "Files of type " + type + " may not be shared here");
        }
        boolean jpeg = "image/jpeg".equals(type);
        Measured stored = new Measured(jpeg && stripLocation ? JpegMetadata.withoutLocation(head) : head, Long.MAX_VALUE);
        FileStore store = store();
        // The row commits at once, before the bytes: its foreign key check holds the room's row (which a post locks
        // to order the room's messages) only for that statement, not for the whole upload. The bytes follow on no
        // connection of the upload's own (the store takes one per chunk), so a slow sender holds none. Until the
        // bytes are in and a message takes it, nobody sees it; a failed upload deletes it (and the sweeper what a
        // crash left).
        long id;
        try (Connection connection = dataSource.getConnection()) {
            id = insertRow(connection, userId, roomId, name, type, store.kind());
        } catch (SQLException e) {
            throw new PersistenceException("The upload could not be stored", e);
        }
        try {
            store.write(null, id, FileStore.Variant.ORIGINAL, stored);
            if (stored.count() > roomLeft) {
                throw roomFull();
            }
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement done = connection.prepareStatement(
                         "UPDATE files SET size_bytes = ?, sha256 = ? WHERE id = ?")) {
                done.setLong(1, stored.count());
                done.setString(2, stored.sha256());
                done.setLong(3, id);
                done.executeUpdate();
            }
        } catch (SQLException e) {
            discard(id);
            throw new PersistenceException("The upload could not be stored", e);
        } catch (IOException | RuntimeException failed) {
            discard(id);
            throw failed;
        }
        FileView file = FileView.of(id, name, stored.count(), type, null, null, false);
        return ContentTypes.IMAGES.contains(type) ? withThumbnail(file, store) : file;
    }

    /**
     * Makes an image's thumbnail from the stored original (read back a chunk at a time) and records its size. An
     * image no reader here can decode (a WebP without a WebP reader) stays a file without a thumbnail.
     */
    private FileView withThumbnail(FileView file, FileStore store) throws IOException {
        int orientation = 1;
        if ("image/jpeg".equals(file.contentType())) {
            try (InputStream head = store.read(file.id(), FileStore.Variant.ORIGINAL, 0)) {
                orientation = JpegMetadata.orientation(head);
            } catch (IOException unreadable) {
                // as stored
            }
        }
        Optional<Thumbnails.Thumbnail> made;
        try (InputStream original = store.read(file.id(), FileStore.Variant.ORIGINAL, 0)) {
            made = Thumbnails.of(original, orientation);
        }
        if (made.isEmpty()) {
            return file;
        }
        Thumbnails.Thumbnail thumbnail = made.get();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                store.write(connection, file.id(), FileStore.Variant.THUMBNAIL, new java.io.ByteArrayInputStream(thumbnail.bytes()));
                try (PreparedStatement sized = connection.prepareStatement(
                        "UPDATE files SET width = ?, height = ?, thumb_bytes = ? WHERE id = ?")) {
                    sized.setInt(1, thumbnail.width());
                    sized.setInt(2, thumbnail.height());
                    sized.setInt(3, thumbnail.bytes().length);
                    sized.setLong(4, file.id());
                    sized.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | IOException | RuntimeException failed) {
                connection.rollback();
                throw failed;
            }
        } catch (SQLException e) {
            throw new PersistenceException("The thumbnail could not be stored", e);
        }
        return FileView.of(file.id(), file.name(), file.size(), file.contentType(), thumbnail.width(), thumbnail.height(), true);
    }

    /** How much a room's files take. */
    public record Usage(long files, long bytes, long quotaBytes) {
    }

    public Usage usage(long roomId) {
        Object[] row = em.createNamedQuery(StoredFile.ROOM_USAGE, Object[].class).setParameter("roomId", roomId).getSingleResult();
        return new Usage(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), roomQuota);
    }

    /** A room's usage, for its OWNER and ADMINs and site admins. */
    public Usage usage(Caller caller, long roomId) {
        rooms.require(roomId);
        boolean moderator = memberships.active(roomId, caller.userId())
                .map(m -> m.getRole() == dev.suda.membership.entity.Role.OWNER || m.getRole() == dev.suda.membership.entity.Role.ADMIN)
                .orElse(false);
        if (!moderator && !users.isAdmin(caller.userId())) {
            throw ProblemException.forbidden("not_allowed", "Only the room's owner and admins see its storage");
        }
        return usage(roomId);
    }

    /** Removes the row of an upload that failed (its chunks go with it). */
    private void discard(long id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM files WHERE id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        } catch (SQLException e) {
            java.util.logging.Logger.getLogger(Files.class.getName()).log(java.util.logging.Level.WARNING,
                    "A failed upload's row " + id + " stays until the sweeper removes it", e);
        }
    }

    private long insertRow(Connection connection, long userId, long roomId, String name, String type, String storage)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO files (room_id, uploader_id, name,"
                + " content_type, size_bytes, sha256, storage, created_at) VALUES (?, ?, ?, ?, 0, '', ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, roomId);
            insert.setLong(2, userId);
            insert.setString(3, name);
            insert.setString(4, type);
            insert.setString(5, storage);
            insert.setTimestamp(6, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            insert.executeUpdate();
            try (var keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    // Reads without a transaction of their own (as none is needed), so that a refusal is not logged as an incident.

    /** The distinct ids, refused unless they are at most ten of the uploader's own unsent uploads to this room. */
    public List<Long> checkAttachable(long uploaderId, long roomId, Collection<Long> ids) {
        List<Long> distinct = List.copyOf(new LinkedHashSet<>(ids));
        if (distinct.size() > MAX_ATTACHMENTS) {
            throw ProblemException.badRequest("too_many_attachments", "A message holds at most " + MAX_ATTACHMENTS + " files");
        }
        long found = em.createNamedQuery(StoredFile.ATTACHABLE, Long.class).setParameter("ids", distinct)
                .setParameter("uploaderId", uploaderId).setParameter("roomId", roomId).getSingleResult();
        if (found != distinct.size()) {
            throw ProblemException.badRequest("bad_attachment",
                    "Attach only files you uploaded to this room and have not sent yet");
        }
        return distinct;
    }

    /**
     * True when the ids are all the uploader's unsent uploads to this room still: read inside a message batch's
     * transaction, after the room's lock, so that a file another message took meanwhile is refused before any insert.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public boolean stillAttachable(long uploaderId, long roomId, List<Long> ids) {
        long found = em.createNamedQuery(StoredFile.ATTACHABLE, Long.class).setParameter("ids", ids)
                .setParameter("uploaderId", uploaderId).setParameter("roomId", roomId).getSingleResult();
        return found == ids.size();
    }

    /** Thrown when an upload was attached by another message meanwhile: rolls back the message's batch. */
    public static class AttachmentTaken extends PersistenceException {
        public AttachmentTaken() {
            super("An attachment was sent with another message meanwhile");
        }
    }

    /** True when the failure comes from an attachment sent with another message meanwhile. */
    public static boolean attachmentTaken(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AttachmentTaken) {
                return true;
            }
        }
        return false;
    }

    /** Links the uploads to a new message, in its transaction; they are then visible with it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<FileView> attach(long messageId, long uploaderId, long roomId, List<Long> ids) {
        int linked = em.createNamedQuery(StoredFile.ATTACH).setParameter("messageId", messageId).setParameter("ids", ids)
                .setParameter("uploaderId", uploaderId).setParameter("roomId", roomId).executeUpdate();
        if (linked != ids.size()) {
            throw new AttachmentTaken();
        }
        Map<Long, StoredFile> byId = em.createNamedQuery(StoredFile.BY_IDS, StoredFile.class).setParameter("ids", ids)
                .getResultStream().collect(Collectors.toMap(StoredFile::getId, Function.identity()));
        return ids.stream().map(byId::get).map(Files::view).toList();
    }

    /** The files of these messages, by message id, in upload order. */
    public Map<Long, List<FileView>> ofMessages(Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<FileView>> result = new LinkedHashMap<>();
        for (StoredFile file : em.createNamedQuery(StoredFile.OF_MESSAGES, StoredFile.class)
                .setParameter("messageIds", List.copyOf(messageIds)).getResultList()) {
            result.computeIfAbsent(file.getMessageId(), m -> new ArrayList<>()).add(view(file));
        }
        return result;
    }

    /**
     * A sent file, for a member of its room now (not banned) or a site admin. An unsent upload is not found,
     * whoever asks.
     */
    public Download download(Caller caller, long fileId) {
        StoredFile file = em.find(StoredFile.class, fileId);
        if (file == null || file.getMessageId() == null) {
            throw ProblemException.notFound("No file " + fileId);
        }
        if (memberships.active(file.getRoomId(), caller.userId()).isEmpty() && !users.isAdmin(caller.userId())) {
            throw ProblemException.forbidden("not_member", "Only the room's members may open its files");
        }
        return new Download(file, storeOf(file));
    }

    /** As {@link #download(Caller, long)}, for one variant: a file without a thumbnail has none to give. */
    public Download download(Caller caller, long fileId, FileStore.Variant variant) {
        Download download = download(caller, fileId);
        if (variant == FileStore.Variant.THUMBNAIL && download.file().getThumbBytes() == null) {
            throw ProblemException.notFound("File " + fileId + " has no thumbnail");
        }
        return download;
    }

    /** Removes from FILES_DIR what no file row names any more. */
    public void removeOrphans() {
        inDirectory.ifPresent(d -> d.removeOrphans(id -> em.find(StoredFile.class, id) != null));
    }

    /** Removes uploads no message took that were made before {@code before}; returns how many. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public int sweep(Instant before) {
        return em.createNamedQuery(StoredFile.STALE).setParameter("before", before).executeUpdate();
    }

    /** Where this node puts new uploads: {@code DB}, or {@code DIR} and the directory. */
    public record Storage(String kind, String directory) {
    }

    public Storage storage() {
        return new Storage(store().kind(), inDirectory.map(d -> d.directory().toAbsolutePath().toString()).orElse(null));
    }

    /** What is stored of a file, wherever it is: its row, and the bytes of each variant in either store. */
    public record Stored(boolean row, Long originalBytes, Long thumbnailBytes) {
    }

    public Stored stored(long fileId) {
        try {
            return new Stored(em.find(StoredFile.class, fileId) != null, bytes(fileId, FileStore.Variant.ORIGINAL),
                    bytes(fileId, FileStore.Variant.THUMBNAIL));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Long bytes(long fileId, FileStore.Variant variant) throws IOException {
        java.util.OptionalLong inDb = inDatabase.size(fileId, variant);
        if (inDb.isPresent()) {
            return inDb.getAsLong();
        }
        if (inDirectory.isPresent()) {
            java.util.OptionalLong inDir = inDirectory.get().size(fileId, variant);
            if (inDir.isPresent()) {
                return inDir.getAsLong();
            }
        }
        return null;
    }

    static FileView view(StoredFile file) {
        return FileView.of(file.getId(), file.getName(), file.getSize(), file.getContentType(), file.getWidth(),
                file.getHeight(), file.getThumbBytes() != null);
    }
}
