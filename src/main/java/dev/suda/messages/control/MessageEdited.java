package dev.suda.messages.control;

import java.time.Instant;

/** The author changed a message's text; fired in the transaction, observe AFTER_SUCCESS. */
public record MessageEdited(long roomId, long messageId, String content, Instant editedAt) {
}
