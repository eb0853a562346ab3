package dev.suda.messages.control;

import dev.suda.membership.entity.Role;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import dev.suda.files.control.FileView;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A message as clients see it (§8), absent values as null; {@code kind} is USER or SYSTEM; the sender's role is its role in the room now. */
@JsonbNillable
@Schema(name = "Message")
@JsonbPropertyOrder({"id", "roomId", "sender", "content", "kind", "clientMsgId", "createdAt", "attachments"})
public record MessageView(long id, long roomId, Sender sender, String content, String kind, String clientMsgId,
                          Instant createdAt, List<FileView> attachments) {

    /** A message without files. */
    public MessageView(long id, long roomId, Sender sender, String content, String kind, String clientMsgId, Instant createdAt) {
        this(id, roomId, sender, content, kind, clientMsgId, createdAt, List.of());
    }

    /** The same message with these files. */
    public MessageView withAttachments(List<FileView> files) {
        return new MessageView(id, roomId, sender, content, kind, clientMsgId, createdAt, files);
    }

    @Schema(name = "Sender")
    @JsonbPropertyOrder({"id", "display", "role"})
    public record Sender(long id, String display, Role role) {
    }
}
