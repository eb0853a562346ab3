/**
 * Voice channels: every room has one. Suda carries only the signalling (offers, answers and ICE candidates, unread
 * but for size and shape) over the room socket to the one participant it is for, on whichever node that person's
 * socket is; the audio flows browser to browser in a full mesh of at most {@code voice.max.participants}. Who is in
 * voice lives in the shared state, so every node sees it and moderation (mute, kick, ban, voice mute) removes or
 * silences a speaker on every node at once. ICE servers come from configuration, with short-lived TURN credentials
 * derived per user (the TURN REST API scheme).
 */
package dev.suda.voice;
