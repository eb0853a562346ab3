package dev.suda.messages.control;

/**
 * One new message and the room's message before it ({@code previousId}, 0 for the first), which lets every node
 * deliver a room's messages in id order.
 */
public record MessageCreated(MessageView message, long previousId) {
}
