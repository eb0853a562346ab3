package dev.suda.membership.control;

/** A member left the room of their own accord (REST or the room page). Fired in the transaction; observe AFTER_SUCCESS. */
public record MemberLeft(long roomId, long userId) {
}
