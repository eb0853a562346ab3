package dev.suda.rooms.control;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A room as clients see it: members in it now (bans excluded) and members with an open socket; for a reader who is a
 * member, how many messages it has not read and how many of those mention it (absent for anyone else).
 */
@Schema(name = "Room")
@JsonbPropertyOrder({"id", "name", "ownerId", "memberCount", "onlineCount", "createdAt", "unreadCount", "mentionCount"})
public record RoomView(long id, String name, long ownerId, long memberCount, int onlineCount, Instant createdAt,
                       @Schema(description = "The caller's unread messages: other people's messages after its read marker"
                               + " (not its own, not system messages, not deleted ones, not those of users it muted);"
                               + " at most 100, which means 100 or more. Absent when the caller is not a member.",
                               maximum = "100", minimum = "0")
                       Integer unreadCount,
                       @Schema(description = "How many of the caller's unread messages mention it; at most 100."
                               + " Absent when the caller is not a member.", maximum = "100", minimum = "0")
                       Integer mentionCount) {

    public RoomView(long id, String name, long ownerId, long memberCount, int onlineCount, Instant createdAt) {
        this(id, name, ownerId, memberCount, onlineCount, createdAt, null, null);
    }

    /** This room with a reader's counts. */
    public RoomView withCounts(Integer unread, Integer mentions) {
        return new RoomView(id, name, ownerId, memberCount, onlineCount, createdAt, unread, mentions);
    }
}
