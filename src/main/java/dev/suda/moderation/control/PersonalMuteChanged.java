package dev.suda.moderation.control;

/** The user muted or unmuted someone for themselves; fired in the transaction, observe AFTER_SUCCESS. */
public record PersonalMuteChanged(long userId) {
}
