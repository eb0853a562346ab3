package dev.suda.files.control;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code Content-Disposition} for a download (RFC 6266): a plain ASCII name and the exact UTF-8 one. */
public final class Disposition {

    private Disposition() {
    }

    public static String of(String contentType, String fileName) {
        String ascii = fileName.codePoints().map(c -> c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? '_' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        String exact = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        return (ContentTypes.inline(contentType) ? "inline" : "attachment")
                + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + exact;
    }
}
