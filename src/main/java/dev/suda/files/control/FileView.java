package dev.suda.files.control;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stored file as clients see it; {@code width}, {@code height} and {@code thumbnailUrl} only for images. */
@Schema(name = "File")
@JsonbPropertyOrder({"id", "name", "size", "contentType", "width", "height", "url", "thumbnailUrl"})
public record FileView(long id, String name, long size, String contentType, Integer width, Integer height,
                       String url, String thumbnailUrl) {

    static FileView of(long id, String name, long size, String contentType, Integer width, Integer height, boolean thumbnail) {
        return new FileView(id, name, size, contentType, width, height, "/api/files/" + id,
                thumbnail ? "/api/files/" + id + "/thumbnail" : null);
    }
}
