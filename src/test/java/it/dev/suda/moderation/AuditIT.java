package it.dev.suda.moderation;

import static it.dev.suda.Api.delete;
import static it.dev.suda.Api.get;
import static it.dev.suda.Api.member;
import static it.dev.suda.Api.patch;
import static it.dev.suda.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditIT {

    @Test
    void everyModerationActionIsRecordedNewestFirst() {
        Api.Session owner = member();
        Api.Session admin = member();
        Api.Session target = member();
        long room = Chat.roomId(owner);
        long adminM = Chat.member(admin, room);
        long targetM = Chat.member(target, room);

        patch("/api/room-users/" + adminM + "/role", owner.token(), Json.createObjectBuilder().add("role", "ADMIN").build());
        patch("/api/room-users/" + targetM + "/mute", admin.token(),
                Json.createObjectBuilder().add("muted", true).add("reason", "too loud").add("minutes", 10).build());
        patch("/api/room-users/" + targetM + "/mute", admin.token(), Json.createObjectBuilder().add("muted", false).build());
        patch("/api/room-users/" + targetM + "/ban", admin.token(),
                Json.createObjectBuilder().add("banned", true).add("reason", "광고").build());
        patch("/api/room-users/" + targetM + "/ban", owner.token(), Json.createObjectBuilder().add("banned", false).build());
        Chat.join(target, room);
        long again = Chat.membershipOf(owner, room, target.id());
        long message = Chat.say(target, room, "oops").getJsonNumber("id").longValue();
        delete("/api/messages/" + message, admin.token());
        post("/api/room-users/" + again + "/kick", owner.token(), Json.createObjectBuilder().add("reason", "bye").build());

        Api.Reply log = get("/api/rooms/" + room + "/audit", admin.token());
        assertEquals(200, log.status(), log.body());
        List<JsonObject> entries = log.array().getValuesAs(JsonObject.class);
        assertEquals(List.of("KICK", "MESSAGE_DELETE", "UNBAN", "BAN", "UNMUTE", "MUTE", "ROLE"),
                entries.stream().map(e -> e.getString("action")).toList());
        JsonObject mute = entries.get(5);
        assertEquals(room, mute.getJsonNumber("roomId").longValue());
        assertEquals(admin.id(), mute.getJsonNumber("actorId").longValue());
        assertEquals(target.id(), mute.getJsonNumber("targetId").longValue());
        assertEquals("too loud", mute.getString("reason"));
        assertTrue(Instant.parse(mute.getString("until")).isAfter(Instant.now().plusSeconds(500)));
        assertTrue(Instant.parse(mute.getString("createdAt")).isBefore(Instant.now().plusSeconds(1)));
        assertEquals("광고", entries.get(3).getString("reason"));
        assertTrue(entries.get(3).isNull("until"), "a ban without end");
    }

    @Test
    void roomAuditIsForItsOwnerAndAdminsAndTheSiteAuditForSiteAdmins() {
        Api.Session owner = member();
        Api.Session plain = member();
        long room = Chat.roomId(owner);
        Chat.join(plain, room);
        assertEquals(403, get("/api/rooms/" + room + "/audit", plain.token()).status());
        assertEquals(200, get("/api/rooms/" + room + "/audit", owner.token()).status());
        assertEquals(200, get("/api/rooms/" + room + "/audit", Api.admin().token()).status());
        assertEquals(403, get("/api/audit", owner.token()).status());

        assertEquals(204, delete("/api/rooms/" + room, owner.token()).status());
        Api.Reply site = get("/api/audit?limit=200", Api.admin().token());
        assertEquals(200, site.status());
        assertTrue(site.array().getValuesAs(JsonObject.class).stream().anyMatch(e ->
                "ROOM_DELETE".equals(e.getString("action")) && !e.isNull("roomId")
                        && e.getJsonNumber("roomId").longValue() == room), "the deletion outlives the room");
    }
}
