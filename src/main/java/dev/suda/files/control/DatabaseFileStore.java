package dev.suda.files.control;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.LongPredicate;
import javax.sql.DataSource;

/**
 * Bytes in {@code file_chunks} rows of {@value #CHUNK} bytes, so that no row is huge and a download reads one
 * chunk at a time (one short query each, on a pooled connection held only for that query).
 *
 * <p>An upload's chunks are written one by one, each in a statement of its own on a connection taken for it: a chunk
 * is read from the client before a connection is taken, so a slow sender holds none.
 */
public class DatabaseFileStore implements FileStore {

    static final int CHUNK = 256 * 1024;

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

    /** Reads chunk after chunk; each read of a new chunk is one query. */
    private final class ChunkStream extends InputStream {
        private final long fileId;
        private final Variant variant;
        private int seq;
        private byte[] chunk;
        private int position;

        ChunkStream(long fileId, Variant variant, long offset) {
            this.fileId = fileId;
            this.variant = variant;
            this.seq = (int) (offset / CHUNK);
            this.position = (int) (offset % CHUNK);
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
            while (chunk == null || position >= chunk.length) {
                if (chunk != null) {
                    position -= chunk.length;
                    seq++;
                }
                chunk = load(seq);
                if (chunk == null) {
                    return -1;
                }
            }
            int n = Math.min(len, chunk.length - position);
            System.arraycopy(chunk, position, into, off, n);
            position += n;
            return n;
        }

        private byte[] load(int index) throws IOException {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement select = connection.prepareStatement(
                         "SELECT data FROM file_chunks WHERE file_id = ? AND variant = ? AND seq = ?")) {
                select.setLong(1, fileId);
                select.setString(2, String.valueOf(variant.code()));
                select.setInt(3, index);
                try (var row = select.executeQuery()) {
                    return row.next() ? row.getBytes(1) : null;
                }
            } catch (SQLException e) {
                throw new IOException("Could not read chunk " + index + " of file " + fileId, e);
            }
        }
    }
}
