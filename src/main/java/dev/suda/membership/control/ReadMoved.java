package dev.suda.membership.control;

/** A user's read marker in a room moved forward (committed): the user's sockets hear of it. */
public record ReadMoved(long userId, long roomId, long lastReadId) {
}
