package dev.suda.files.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryFileStoreTest {

    @TempDir
    Path directory;

    @Test
    void writesReadsFromAnOffsetAndRemovesOrphans() throws Exception {
        DirectoryFileStore store = new DirectoryFileStore(directory);
        byte[] bytes = new byte[700_000];
        new java.util.Random(3).nextBytes(bytes);
        store.write(null, 41, FileStore.Variant.ORIGINAL, new ByteArrayInputStream(bytes));
        store.write(null, 42, FileStore.Variant.ORIGINAL, new ByteArrayInputStream(bytes));
        store.write(null, 42, FileStore.Variant.THUMBNAIL, new ByteArrayInputStream(new byte[] {1, 2}));
        try (InputStream in = store.read(41, FileStore.Variant.ORIGINAL, 300_000)) {
            assertArrayEquals(Arrays.copyOfRange(bytes, 300_000, bytes.length), in.readAllBytes());
        }
        Files.writeString(directory.resolve("README"), "not ours");
        store.removeOrphans(id -> id == 41);
        assertTrue(Files.exists(directory.resolve("41.o")));
        assertFalse(Files.exists(directory.resolve("42.o")));
        assertFalse(Files.exists(directory.resolve("42.t")));
        assertTrue(Files.exists(directory.resolve("README")));
        try (var left = Files.list(directory)) {
            assertEquals(2, left.count(), "no temporary files are left behind");
        }
    }

    @Test
    void aFailedWriteLeavesNothing() throws IOException {
        DirectoryFileStore store = new DirectoryFileStore(directory);
        InputStream broken = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 1000) {
                    throw new IOException("connection reset");
                }
                return 7;
            }
        };
        try {
            store.write(null, 5, FileStore.Variant.ORIGINAL, broken);
        } catch (IOException expected) {
            // the upload failed
        }
        try (var left = Files.list(directory)) {
            assertEquals(0, left.count());
        }
    }
}
