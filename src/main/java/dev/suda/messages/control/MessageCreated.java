package dev.suda.messages.control;

/** A new message (USER or SYSTEM) was stored; fired in its transaction, so observe AFTER_SUCCESS. Not fired for a resend.
 * {@code previousId} is the room's message before it (0 for the first), which lets every node deliver a room's
 * messages in id order. */
public record MessageCreated(MessageView message, long previousId) {
}
