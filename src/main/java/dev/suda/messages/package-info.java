/**
 * Messages: posting (idempotent by the client's id, acknowledged only after commit), keyset-paged history
 * without the senders the reader muted personally, deletion, and the system messages of joins and leaves.
 */
package dev.suda.messages;
