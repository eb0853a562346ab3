package dev.suda.files.control;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.function.LongPredicate;
import javax.sql.DataSource;

/**
 * Bytes in {@code file_chunks} rows of {@value #CHUNK} bytes, so that no row is huge and a download holds a few chunks
 * at a time. Every chunk of a file but its last is as long as its first, which tells where an offset falls: files
 * stored in 256 KiB chunks before read on.
 *
 * <p>An upload's chunks are written one by one, each in a statement of its own on a connection taken for it: a chunk
 * is read from the client before a connection is taken, so a slow sender holds none.
 */
public class DatabaseFileStore implements FileStore {

    /**
     * 64 KiB: a post's commit waits for the database's log to take what was written before it, and a chunk insert
     * beside it is a quarter of what it was with 256 KiB chunks.
     */
    static final int CHUNK = 64 * 1024;

    /** What a download reads a query: a query a chunk halved download throughput against 256 KiB chunks. */
    static final int READ_AHEAD = 256 * 1024;

    private final DataSource dataSource;

    public DatabaseFileStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String kind() {
        return "DB";
    }

    @Override
    public void write(Connection connection, long fileId, Variant variant, InputStream bytes) throws SQLException, IOException {
        byte[] buffer = new byte[CHUNK];
        int seq = 0;
        for (int n = bytes.readNBytes(buffer, 0, CHUNK); n > 0; n = bytes.readNBytes(buffer, 0, CHUNK)) {
            if (connection != null) {
                insert(connection, fileId, variant, seq++, buffer, n);
            } else {
                try (Connection own = dataSource.getConnection()) {
                    insert(own, fileId, variant, seq++, buffer, n);
                }
            }
        }
    }

    private static void insert(Connection connection, long fileId, Variant variant, int seq, byte[] buffer, int n)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO file_chunks (file_id, variant, seq, data) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, fileId);
            insert.setString(2, String.valueOf(variant.code()));
            insert.setInt(3, seq);
            insert.setBytes(4, n == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, n));
            insert.executeUpdate();
        }
    }

    @Override
    public InputStream read(long fileId, Variant variant, long offset) {
        return new ChunkStream(fileId, variant, offset);
    }

    @Override
    public java.util.OptionalLong size(long fileId, Variant variant) throws IOException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement sum = connection.prepareStatement(
                     "SELECT COUNT(*), SUM(LENGTH(data)) FROM file_chunks WHERE file_id = ? AND variant = ?")) {
            sum.setLong(1, fileId);
            sum.setString(2, String.valueOf(variant.code()));
            try (var row = sum.executeQuery()) {
                row.next();
                return row.getLong(1) == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(row.getLong(2));
            }
        } catch (SQLException e) {
            throw new IOException("The chunks of file " + fileId + " could not be counted", e);
        }
    }

    @Override
    public void removeOrphans(LongPredicate exists) {
        // the rows go with their file (ON DELETE CASCADE)
    }

    /**
     * Reads {@value #READ_AHEAD} bytes of chunks a query (four of 64 KiB; one of a file stored in 256 KiB chunks), on a
     * pooled connection held only for that query.
     */
    private final class ChunkStream extends InputStream {
        private final long fileId;
        private final Variant variant;
        private final ArrayDeque<byte[]> loaded = new ArrayDeque<>();
        /** The chunk being read, and where in it. */
        private byte[] chunk;
        private int position;
        /** The next chunk to load, and how many a query; -1 once the last chunk is loaded. */
        private int nextSeq;
        private int window = Math.max(1, READ_AHEAD / CHUNK);
        /** Where reading starts, until the first read has found its chunk; then -1. */
        private long offset;

        ChunkStream(long fileId, Variant variant, long offset) {
            this.fileId = fileId;
            this.variant = variant;
            this.offset = offset;
        }

        /** Finds the chunk of the starting offset: by the length of the first, which every chunk but the last has. */
        private void seek() throws IOException {
            long start = offset;
            offset = -1;
            if (start == 0) {
                return;
            }
            load(0, 1);
            byte[] first = loaded.peek();
            if (first == null) {
                return;
            }
            int seq = (int) (start / first.length);
            position = (int) (start % first.length);
            if (seq > 0) {
                loaded.clear();
                nextSeq = seq;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (offset >= 0) {
                seek();
            }
            while (chunk == null || position >= chunk.length) {
                if (chunk != null) {
                    position -= chunk.length;
                }
                if (loaded.isEmpty() && nextSeq >= 0) {
                    load(nextSeq, window);
                }
                chunk = loaded.poll();
                if (chunk == null) {
                    return -1;
                }
            }
            int n = Math.min(len, chunk.length - position);
            System.arraycopy(chunk, position, into, off, n);
            position += n;
            return n;
        }

        /** Loads up to {@code count} chunks from {@code from} on; fewer than asked means the last one is among them. */
        private void load(int from, int count) throws IOException {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement select = connection.prepareStatement(
                         "SELECT data FROM file_chunks WHERE file_id = ? AND variant = ? AND seq >= ? AND seq < ? ORDER BY seq")) {
                select.setLong(1, fileId);
                select.setString(2, String.valueOf(variant.code()));
                select.setInt(3, from);
                select.setInt(4, from + count);
                int rows = 0;
                try (var row = select.executeQuery()) {
                    while (row.next()) {
                        loaded.add(row.getBytes(1));
                        rows++;
                    }
                }
                nextSeq = rows < count ? -1 : from + count;
                if (from == 0 && rows > 0) {
                    window = Math.max(1, READ_AHEAD / loaded.peek().length);
                }
            } catch (SQLException e) {
                throw new IOException("Could not read chunks " + from + " to " + (from + count - 1) + " of file " + fileId, e);
            }
        }
    }
}
