package dev.suda.messages.control;

/** A message was deleted; fired in the transaction, observe AFTER_SUCCESS. */
public record MessageDeleted(long roomId, long messageId) {
}
