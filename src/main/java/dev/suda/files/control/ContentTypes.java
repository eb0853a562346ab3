package dev.suda.files.control;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.Tika;

/**
 * What a file is, from its bytes (Apache Tika's magic numbers; the name only settles what the bytes leave open,
 * as between text formats), and how it may be served: only raster images inline, never markup or scripts.
 */
public final class ContentTypes {

    private static final Tika TIKA = new Tika();

    /** Served inline (shown in the page); everything else is a download. */
    private static final Set<String> INLINE = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    /** Images a thumbnail is made of (when the JVM has a reader for them). */
    public static final Set<String> IMAGES = INLINE;

    private final List<String> allowed;

    /** @param allowed comma-separated types; a trailing {@code *} matches any rest ({@code image/*}, {@code application/vnd.ms-*}, {@code *}) */
    public ContentTypes(String allowed) {
        this.allowed = Arrays.stream(allowed.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** The type of the stream's first bytes; the stream must support mark/reset and is left at its start. */
    public static String detect(InputStream bytes, String name) throws IOException {
        return TIKA.detect(bytes, name);
    }

    public boolean allowed(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return allowed.stream().anyMatch(a -> a.equals(t) || a.endsWith("*") && t.startsWith(a.substring(0, a.length() - 1)));
    }

    public static boolean inline(String type) {
        return INLINE.contains(type);
    }
}
