package dev.suda.messages.control;

import java.util.List;

/**
 * New messages (USER or SYSTEM) were stored, in id order: a batch of posts, or one system message. Fired in their
 * transaction, so observe AFTER_SUCCESS. Not fired for resends.
 */
public record MessagesCreated(List<MessageCreated> messages) {
}
