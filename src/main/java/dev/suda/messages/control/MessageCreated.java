package dev.suda.messages.control;

/** A new message (USER or SYSTEM) was stored; fired in its transaction, so observe AFTER_SUCCESS. Not fired for a resend. */
public record MessageCreated(MessageView message) {
}
