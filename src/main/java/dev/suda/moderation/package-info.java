/**
 * Keeping order: room bans, kicks and mutes with reasons and expiry, enforced at one point for REST and the
 * socket, and the audit log of every moderation action.
 */
package dev.suda.moderation;
