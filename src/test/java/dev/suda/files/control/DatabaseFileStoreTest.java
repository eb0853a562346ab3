package dev.suda.files.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The database store on an in-memory Derby: chunks written and read back from any offset, in either chunk size. */
class DatabaseFileStoreTest {

    private EmbeddedDataSource dataSource;
    private DatabaseFileStore store;

    @BeforeEach
    void database() throws Exception {
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:chunks" + System.nanoTime());
        dataSource.setCreateDatabase("create");
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE file_chunks (file_id BIGINT NOT NULL, variant CHAR(1) NOT NULL, seq INT NOT NULL,"
                    + " data BLOB(1M) NOT NULL, PRIMARY KEY (file_id, variant, seq))");
        }
        store = new DatabaseFileStore(dataSource);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private byte[] read(long fileId, long offset) throws Exception {
        try (InputStream in = store.read(fileId, FileStore.Variant.ORIGINAL, offset)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aFileIsWrittenInChunksAndReadFromAnyOffset() throws Exception {
        byte[] bytes = random(600 * 1024 + 17);
        store.write(null, 7, FileStore.Variant.ORIGINAL, new ByteArrayInputStream(bytes));
        try (Connection connection = dataSource.getConnection();
             Statement count = connection.createStatement();
             var rows = count.executeQuery("SELECT COUNT(*) FROM file_chunks WHERE file_id = 7")) {
            rows.next();
            assertEquals((bytes.length + DatabaseFileStore.CHUNK - 1) / DatabaseFileStore.CHUNK, rows.getInt(1));
        }
        assertArrayEquals(bytes, read(7, 0));
        for (int offset : new int[] {1, DatabaseFileStore.CHUNK - 1, DatabaseFileStore.CHUNK, 262_000, bytes.length - 1}) {
            assertArrayEquals(Arrays.copyOfRange(bytes, offset, bytes.length), read(7, offset), "from " + offset);
        }
        assertEquals(0, read(7, bytes.length).length, "from the end: nothing");
        assertEquals(bytes.length, store.size(7, FileStore.Variant.ORIGINAL).orElseThrow());
    }

    @Test
    void aFileStoredInLargerChunksBeforeReadsOnFromAnyOffset() throws Exception {
        byte[] bytes = random(700_000);
        int old = 256 * 1024;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO file_chunks (file_id, variant, seq, data) VALUES (9, 'O', ?, ?)")) {
            for (int seq = 0; seq * old < bytes.length; seq++) {
                insert.setInt(1, seq);
                insert.setBytes(2, Arrays.copyOfRange(bytes, seq * old, Math.min(bytes.length, (seq + 1) * old)));
                insert.executeUpdate();
            }
        }
        for (int offset : new int[] {0, 65_536, old - 1, old, 300_000, bytes.length - 100}) {
            assertArrayEquals(Arrays.copyOfRange(bytes, offset, bytes.length), read(9, offset), "from " + offset);
        }
    }

    @Test
    void noSuchFileReadsEmptyFromAnyOffset() throws Exception {
        assertEquals(0, read(404, 0).length);
        assertEquals(0, read(404, 1000).length);
    }
}
