package dev.suda.messages.control;

import dev.suda.membership.entity.Role;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A message as clients see it (§8), absent values as null; {@code kind} is USER or SYSTEM; the sender's role is its role in the room now. */
@JsonbNillable
@Schema(name = "Message")
@JsonbPropertyOrder({"id", "roomId", "sender", "content", "kind", "clientMsgId", "createdAt"})
public record MessageView(long id, long roomId, Sender sender, String content, String kind, String clientMsgId,
                          Instant createdAt) {

    @Schema(name = "Sender")
    @JsonbPropertyOrder({"id", "display", "role"})
    public record Sender(long id, String display, Role role) {
    }
}
