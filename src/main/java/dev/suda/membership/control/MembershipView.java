package dev.suda.membership.control;

import dev.suda.membership.entity.Role;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A membership as clients see it; {@code id} is what /api/room-users/{id}/... addresses. {@code banned} and
 * {@code muted} say whether the sanction is in force now (an expired one reads false).
 */
@JsonbNillable
@Schema(name = "Membership")
@JsonbPropertyOrder({"id", "roomId", "userId", "display", "role", "muted", "mutedUntil", "banned", "bannedUntil", "online"})
public record MembershipView(long id, long roomId, long userId, String display, Role role, boolean muted,
                             Instant mutedUntil, boolean banned, Instant bannedUntil, boolean online) {
}
