package dev.suda.files.boundary;

import dev.suda.files.control.ByteRange;
import dev.suda.files.control.Disposition;
import dev.suda.files.control.FileStore;
import dev.suda.files.control.Files;
import dev.suda.files.entity.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a file is answered, for the API and for the pages alike: a strong ETag (the SHA-256 of the bytes) and a
 * 304 for a match, one {@code Range} (206, or 416 beyond the end), and the headers that keep a browser from ever
 * running what it downloads: only raster images inline, {@code nosniff}, and a sandbox should it render it anyway.
 */
public final class FileServing {

    /** Writes the body (null: none). */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Status, headers and body of the answer. */
    public record Answer(int status, Map<String, String> headers, Body body) {
    }

    private FileServing() {
    }

    public static Answer answer(Files.Download download, FileStore.Variant variant, String range, String ifRange,
                                String ifNoneMatch) {
        StoredFile file = download.file();
        boolean thumbnail = variant == FileStore.Variant.THUMBNAIL;
        String contentType = thumbnail ? "image/jpeg" : file.getContentType();
        String etag = "\"" + file.getSha256() + (thumbnail ? "-t" : "") + "\"";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", etag);
        headers.put("Content-Disposition", Disposition.of(contentType, file.getName()));
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
        headers.put("Accept-Ranges", "bytes");
        // revalidated each time (a cheap 304), so that a member who was banned meanwhile is refused
        headers.put("Cache-Control", "private, no-cache");
        if (ifNoneMatch != null && Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
                .anyMatch(tag -> tag.equals(etag) || tag.equals("*"))) {
            return new Answer(304, headers, null);
        }
        long size = thumbnail ? file.getThumbBytes() : file.getSize();
        Optional<ByteRange> wanted;
        try {
            wanted = ifRange != null && !ifRange.strip().equals(etag) ? Optional.empty() : ByteRange.parse(range, size);
        } catch (ByteRange.Unsatisfiable unsatisfiable) {
            headers.put("Content-Range", "bytes */" + size);
            return new Answer(416, headers, null);
        }
        FileStore store = download.store();
        long first = wanted.map(ByteRange::first).orElse(0L);
        long length = wanted.map(ByteRange::length).orElse(size);
        wanted.ifPresent(r -> headers.put("Content-Range", "bytes " + first + "-" + (first + length - 1) + "/" + size));
        headers.put("Content-Type", contentType);
        headers.put("Content-Length", String.valueOf(length));
        Body body = out -> {
            try (InputStream in = store.read(file.getId(), variant, first)) {
                byte[] buffer = new byte[64 * 1024];
                long left = length;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        };
        return new Answer(wanted.isPresent() ? 206 : 200, headers, body);
    }
}
