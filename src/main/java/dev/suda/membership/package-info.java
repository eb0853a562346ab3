/**
 * Who belongs to a room and with which role (OWNER > ADMIN > MEMBER > GUEST): join, leave, and the room
 * moderation that acts on a membership (ban, mute, kick, appoint), under the rank rules of {@code Ranks}.
 */
package dev.suda.membership;
