package it.dev.suda.rooms;

import static it.dev.suda.Api.delete;
import static it.dev.suda.Api.get;
import static it.dev.suda.Api.member;
import static it.dev.suda.Api.patch;
import static it.dev.suda.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoomsIT {

    private static JsonObject named(String name) {
        return Json.createObjectBuilder().add("name", name).build();
    }

    @Test
    void aMemberOpensARoomAndOwnsIt() {
        Api.Session owner = member();
        Api.Reply created = post("/api/rooms", owner.token(), named("수다방 ☕"));
        assertEquals(201, created.status(), created.body());
        JsonObject room = created.json();
        assertEquals("수다방 ☕", room.getString("name"));
        assertEquals(owner.id(), room.getJsonNumber("ownerId").longValue());
        assertEquals(1, room.getInt("memberCount"));
        assertEquals(0, room.getInt("onlineCount"));
        assertNotNull(Instant.parse(room.getString("createdAt")));
        long id = room.getJsonNumber("id").longValue();

        Api.Reply one = get("/api/rooms/" + id, member().token());
        assertEquals(200, one.status());
        assertEquals("수다방 ☕", one.json().getString("name"));

        JsonObject membership = get("/api/room-users/" + id, owner.token()).array().getJsonObject(0);
        assertEquals("OWNER", membership.getString("role"));
        assertEquals(owner.id(), membership.getJsonNumber("userId").longValue());
    }

    @Test
    void aGuestOpensARoomToo() {
        Api.Session guest = Api.guest("손님");
        Api.Reply created = post("/api/rooms", guest.token(), named("guest room"));
        assertEquals(201, created.status(), created.body());
        long id = created.json().getJsonNumber("id").longValue();
        assertEquals("OWNER", get("/api/room-users/" + id, guest.token()).array().getJsonObject(0).getString("role"));
    }

    @Test
    void theListShowsRoomsNewestFirstWithMemberCounts() {
        Api.Session owner = member();
        long id = Chat.roomId(owner);
        Chat.join(member(), id);
        Chat.join(Api.guest("g"), id);
        Api.Reply list = get("/api/rooms?limit=200", owner.token());
        assertEquals(200, list.status());
        JsonObject mine = list.array().getValuesAs(JsonObject.class).stream()
                .filter(r -> r.getJsonNumber("id").longValue() == id).findFirst().orElseThrow();
        assertEquals(3, mine.getInt("memberCount"));
        assertTrue(mine.containsKey("onlineCount"));
        long previous = Long.MAX_VALUE;
        for (JsonObject room : list.array().getValuesAs(JsonObject.class)) {
            assertTrue(room.getJsonNumber("id").longValue() < previous);
            previous = room.getJsonNumber("id").longValue();
        }
        for (JsonObject older : get("/api/rooms?limit=5&before=" + id, owner.token()).array().getValuesAs(JsonObject.class)) {
            assertTrue(older.getJsonNumber("id").longValue() < id, "keyset: only rooms before the given id");
        }
    }

    @Test
    void onlyTheOwnerRenames() {
        Api.Session owner = member();
        Api.Session other = member();
        long id = Chat.roomId(owner);
        Chat.join(other, id);
        Api.Reply refused = patch("/api/rooms/" + id, other.token(), named("taken over"));
        assertEquals(403, refused.status());
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        Api.Reply renamed = patch("/api/rooms/" + id, owner.token(), named("새 이름"));
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals("새 이름", get("/api/rooms/" + id, other.token()).json().getString("name"));
    }

    @Test
    void badInputIsRefusedWithProblemJson() {
        Api.Session owner = member();
        Api.Reply blank = post("/api/rooms", owner.token(), named("  "));
        assertEquals(400, blank.status());
        assertEquals("name", blank.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(400, post("/api/rooms", owner.token(), named("x".repeat(101))).status());
        assertEquals(400, Api.call("POST", "/api/rooms", owner.token(), "{not json").status());
        assertEquals(401, post("/api/rooms", null, named("anonymous")).status());
        assertEquals(404, get("/api/rooms/987654321", owner.token()).status());
    }

    @Test
    void deletingARoomRemovesItsMembersAndMessages() {
        Api.Session owner = member();
        Api.Session other = member();
        long id = Chat.roomId(owner);
        Chat.join(other, id);
        Chat.say(other, id, "hello");

        assertEquals(403, delete("/api/rooms/" + id, other.token()).status());
        assertEquals(200, get("/api/rooms/" + id, owner.token()).status());
        assertTrue(Chat.contents(owner, id).contains("hello"), "nothing changed");

        assertEquals(204, delete("/api/rooms/" + id, owner.token()).status());
        assertEquals(404, get("/api/rooms/" + id, owner.token()).status());
        assertEquals(404, get("/api/room-users/" + id, owner.token()).status());
        assertEquals(404, Chat.history(owner, id, null).status());
        Api.Reply late = Chat.send(other, id, "anyone?", null);
        assertEquals(404, late.status(), late.body());
        assertEquals(404, Chat.join(other, id).status());
    }

    @Test
    void aSiteAdminDeletesAnyRoom() {
        long id = Chat.roomId(member());
        assertEquals(204, delete("/api/rooms/" + id, Api.admin().token()).status());
        assertEquals(404, get("/api/rooms/" + id, Api.admin().token()).status());
    }
}
