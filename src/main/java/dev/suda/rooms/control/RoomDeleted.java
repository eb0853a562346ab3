package dev.suda.rooms.control;

/** A room was deleted with its members and messages; fired in the transaction, observe AFTER_SUCCESS. */
public record RoomDeleted(long roomId) {
}
