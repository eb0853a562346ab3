package dev.suda.moderation.control;

import dev.suda.moderation.entity.AuditEntry;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One audit log entry as the API shows it. */
@JsonbNillable
@Schema(name = "AuditEntry")
@JsonbPropertyOrder({"id", "roomId", "actorId", "targetId", "action", "reason", "until", "createdAt", "messageId"})
public record AuditEntryView(long id, Long roomId, Long actorId, Long targetId, String action,
                             @Schema(description = "Why; for MESSAGE_EDIT the text before the edit") String reason,
                             Instant until, Instant createdAt,
                             @Schema(description = "The message of a MESSAGE_EDIT") Long messageId) {

    public static AuditEntryView of(AuditEntry entry) {
        return new AuditEntryView(entry.getId(), entry.getRoomId(), entry.getActorId(), entry.getTargetId(),
                entry.getAction(), entry.getReason(), entry.getUntil(), entry.getCreatedAt(), entry.getMessageId());
    }
}
