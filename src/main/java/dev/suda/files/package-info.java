/**
 * Files shared in rooms: uploads read as a stream into chunked rows (or a shared directory), the type detected
 * from the bytes, limits and moderation on upload, attachments to messages, downloads to the room's members only.
 */
package dev.suda.files;
