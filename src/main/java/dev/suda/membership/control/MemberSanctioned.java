package dev.suda.membership.control;

import java.time.Instant;

/**
 * A room sanction was committed: {@code action} is BAN, UNBAN, KICK, MUTE or UNMUTE; {@code until} is null
 * for a sanction without end (and for lifts and kicks). Fired in the transaction; observe AFTER_SUCCESS.
 */
public record MemberSanctioned(long roomId, long userId, String action, Instant until, String reason) {
}
