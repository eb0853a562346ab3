package dev.suda.messages.control;

import java.time.Instant;
import java.util.List;

/** The author changed a message's text, and so whom it mentions; fired in the transaction, observe AFTER_SUCCESS. */
public record MessageEdited(long roomId, long messageId, String content, Instant editedAt, List<Long> mentions) {
}
