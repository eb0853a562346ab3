/**
 * Reactions: a user's emoji on a message, one per user per emoji, at most {@code Reactions.MAX_EMOJI} distinct emoji
 * a message; counts in history and live (a {@code reactions} frame to the room after each change commits). Muted and
 * banned members cannot react, as they cannot post.
 */
package dev.suda.reactions;
