package dev.suda.reactions.control;

import java.util.List;

/**
 * A user added ({@code reacted}) or took back an emoji on a message; {@code counts} are the message's counts after
 * the change ({@code mine} false: each reader knows its own). Fired in the transaction, observe AFTER_SUCCESS.
 */
public record ReactionsChanged(long roomId, long messageId, long userId, String emoji, boolean reacted,
                               List<ReactionCount> counts) {
}
