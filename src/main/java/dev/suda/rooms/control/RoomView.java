package dev.suda.rooms.control;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A room as clients see it: members in it now (bans excluded) and members with an open socket. */
@Schema(name = "Room")
@JsonbPropertyOrder({"id", "name", "ownerId", "memberCount", "onlineCount", "createdAt"})
public record RoomView(long id, String name, long ownerId, long memberCount, int onlineCount, Instant createdAt) {
}
