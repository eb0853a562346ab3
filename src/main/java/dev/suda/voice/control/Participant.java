package dev.suda.voice.control;

/**
 * Someone in a room's voice channel: {@code muted} when an owner or admin server-muted them; {@code seq} orders the
 * joins (unique across rooms), and of two participants the later joiner makes the offer, so two never offer at once.
 */
public record Participant(long userId, String display, boolean muted, long seq) {
}
