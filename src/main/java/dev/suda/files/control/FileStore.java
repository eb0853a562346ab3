package dev.suda.files.control;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the bytes of files live: chunked rows in the database (the default: every node sees every file with no
 * shared disk) or a directory the nodes share ({@code FILES_DIR}). The metadata is always in the database.
 */
public interface FileStore {

    /** The original as uploaded (less what was stripped), and its thumbnail. */
    enum Variant { ORIGINAL, THUMBNAIL;
        char code() {
            return this == ORIGINAL ? 'O' : 'T';
        }
    }

    /** What {@code files.storage} records for this store: DB or DIR. */
    String kind();

    /**
     * Writes one variant of a file, reading the stream to its end: in {@code connection}'s transaction where it can, or
     * with {@code connection} null as the store sees fit (the database: chunk by chunk, each statement on its own).
     */
    void write(Connection connection, long fileId, Variant variant, InputStream bytes) throws SQLException, IOException;

    /** The bytes of one variant from {@code offset} on, read a chunk at a time. */
    InputStream read(long fileId, Variant variant, long offset) throws IOException;

    /** How many bytes of one variant this store holds; empty when it holds none (never written, or removed). */
    java.util.OptionalLong size(long fileId, Variant variant) throws IOException;

    /** Removes what is kept outside the database for files that no longer exist; the database's cascades do the rest. */
    void removeOrphans(java.util.function.LongPredicate exists);
}
