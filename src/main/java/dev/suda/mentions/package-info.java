/**
 * Mentions (issue 33): which room members a message's {@code @name}s name, resolved in the message's own transaction
 * when it is sent or edited, shown with the message ({@code mentions}) and listed for the mentioned user across rooms
 * ({@code GET /api/me/mentions}).
 */
package dev.suda.mentions;
