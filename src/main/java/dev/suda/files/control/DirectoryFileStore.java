package dev.suda.files.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.function.LongPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Bytes as files in a directory the nodes share ({@code FILES_DIR}), named {@code <id>.o} and {@code <id>.t}.
 * A file is written under a temporary name and moved into place, so a reader never sees half of one. Files whose
 * row is gone (a deleted message or room, a rolled-back upload) are removed by {@link #removeOrphans}.
 */
public class DirectoryFileStore implements FileStore {

    private static final Logger LOG = Logger.getLogger(DirectoryFileStore.class.getName());

    private final Path directory;

    public DirectoryFileStore(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("FILES_DIR " + directory + " cannot be created", e);
        }
    }

    @Override
    public String kind() {
        return "DIR";
    }

    private Path path(long fileId, Variant variant) {
        return directory.resolve(fileId + "." + Character.toLowerCase(variant.code()));
    }

    @Override
    public void write(Connection connection, long fileId, Variant variant, InputStream bytes) throws IOException {
        Path temporary = Files.createTempFile(directory, fileId + ".", ".part");
        try {
            Files.copy(bytes, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, path(fileId, variant), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public InputStream read(long fileId, Variant variant, long offset) throws IOException {
        InputStream in = Files.newInputStream(path(fileId, variant));
        in.skipNBytes(offset);
        return in;
    }

    @Override
    public java.util.OptionalLong size(long fileId, Variant variant) throws IOException {
        Path file = path(fileId, variant);
        return Files.exists(file) ? java.util.OptionalLong.of(Files.size(file)) : java.util.OptionalLong.empty();
    }

    /** The directory, as the node resolved it. */
    public Path directory() {
        return directory;
    }

    @Override
    public void removeOrphans(LongPredicate exists) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                int dot = name.indexOf('.');
                if (dot <= 0) {
                    continue;
                }
                try {
                    long id = Long.parseLong(name.substring(0, dot));
                    boolean stalePart = name.endsWith(".part")
                            && Files.getLastModifiedTime(entry).toMillis() < System.currentTimeMillis() - 3_600_000;
                    if (stalePart || !name.endsWith(".part") && !exists.test(id)) {
                        Files.deleteIfExists(entry);
                    }
                } catch (NumberFormatException notOurs) {
                    // someone else's file: left alone
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not clean FILES_DIR " + directory, e);
        }
    }
}
