package it.dev.suda.membership;

import static it.dev.suda.Api.delete;
import static it.dev.suda.Api.get;
import static it.dev.suda.Api.member;
import static it.dev.suda.Api.patch;
import static it.dev.suda.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipIT {

    static Api.Reply ban(Api.Session actor, long membershipId, boolean banned, Double minutes) {
        var body = Json.createObjectBuilder().add("banned", banned).add("reason", "규칙 위반");
        if (minutes != null) {
            body.add("minutes", minutes);
        }
        return patch("/api/room-users/" + membershipId + "/ban", actor.token(), body.build());
    }

    static Api.Reply mute(Api.Session actor, long membershipId, boolean muted, Double minutes) {
        var body = Json.createObjectBuilder().add("muted", muted).add("reason", "shouting");
        if (minutes != null) {
            body.add("minutes", minutes);
        }
        return patch("/api/room-users/" + membershipId + "/mute", actor.token(), body.build());
    }

    static Api.Reply kick(Api.Session actor, long membershipId) {
        return post("/api/room-users/" + membershipId + "/kick", actor.token(),
                Json.createObjectBuilder().add("reason", "cool off").build());
    }

    static Api.Reply role(Api.Session actor, long membershipId, String role) {
        return patch("/api/room-users/" + membershipId + "/role", actor.token(),
                Json.createObjectBuilder().add("role", role).build());
    }

    @Test
    void joinAndLeaveWriteSystemMessages() {
        Api.Session owner = member();
        Api.Session joiner = member();
        long room = Chat.roomId(owner);

        Api.Reply joined = Chat.join(joiner, room);
        assertEquals(201, joined.status(), joined.body());
        JsonObject membership = joined.json();
        assertEquals("MEMBER", membership.getString("role"));
        assertEquals(room, membership.getJsonNumber("roomId").longValue());
        assertEquals(joiner.display(), membership.getString("display"));
        assertFalse(membership.getBoolean("banned"));
        assertFalse(membership.getBoolean("muted"));
        assertFalse(membership.getBoolean("online"));
        assertEquals(200, Chat.join(joiner, room).status(), "joining twice is harmless");

        JsonObject system = Chat.history(owner, room, "limit=1").json().getJsonArray("items").getJsonObject(0);
        assertEquals("SYSTEM", system.getString("kind"));
        assertEquals(joiner.id(), system.getJsonObject("sender").getJsonNumber("id").longValue());
        assertTrue(system.getString("content").contains(joiner.display()));

        assertEquals(204, delete("/api/room-users/leave?roomId=" + room, joiner.token()).status());
        assertTrue(Chat.contents(owner, room).get(0).contains("left"));
        assertEquals(1, get("/api/rooms/" + room, owner.token()).json().getInt("memberCount"));
        assertEquals(403, Chat.history(joiner, room, null).status(), "history is for members");
        assertEquals(403, Chat.send(joiner, room, "still here?", null).status());

        Chat.join(joiner, room);
        Api.Reply leaveByBody = Api.call("DELETE", "/api/room-users/leave", joiner.token(), "{\"roomId\":" + room + "}");
        assertEquals(204, leaveByBody.status(), leaveByBody.body());
        assertEquals(1, get("/api/rooms/" + room, owner.token()).json().getInt("memberCount"));
        assertEquals(400, delete("/api/room-users/leave", joiner.token()).status());
    }

    @Test
    void guestsJoinAsGuests() {
        Api.Session guest = Api.guest("나그네");
        long room = Chat.roomId(member());
        JsonObject membership = Chat.join(guest, room).json();
        assertEquals("GUEST", membership.getString("role"));
        assertTrue(membership.getString("display").startsWith("나그네 ("));
    }

    @Test
    void rankMatrix() {
        Api.Session owner = member();
        Api.Session admin = member();
        Api.Session other = member();
        Api.Session plain = member();
        Api.Session guest = Api.guest("guest");
        long room = Chat.roomId(owner);
        long ownerM = Chat.membershipOf(owner, room, owner.id());
        long adminM = Chat.member(admin, room);
        long otherM = Chat.member(other, room);
        long plainM = Chat.member(plain, room);
        long guestM = Chat.member(guest, room);

        assertEquals(403, role(admin, otherM, "ADMIN").status(), "a member does not appoint");
        Api.Reply appointed = role(owner, adminM, "ADMIN");
        assertEquals(200, appointed.status(), appointed.body());
        assertEquals("ADMIN", appointed.json().getString("role"));
        assertEquals(200, role(owner, otherM, "ADMIN").status());
        assertEquals(400, role(owner, guestM, "ADMIN").status(), "guests are not appointed");
        assertEquals(400, role(owner, plainM, "OWNER").status());

        Api.Reply memberBans = ban(plain, guestM, true, null);
        assertEquals(403, memberBans.status());
        assertEquals("not_allowed", memberBans.json().getString("code"));
        assertEquals(403, ban(guest, plainM, true, null).status());
        assertEquals(403, kick(plain, guestM).status());
        assertEquals(403, mute(guest, plainM, true, null).status());

        Api.Reply adminBansOwner = ban(admin, ownerM, true, null);
        assertEquals(403, adminBansOwner.status());
        assertEquals("outranked", adminBansOwner.json().getString("code"));
        assertEquals(403, ban(admin, otherM, true, null).status(), "equal rank");
        assertEquals(403, mute(admin, otherM, true, null).status());
        assertEquals(403, kick(admin, adminM).status(), "nobody moderates themselves");
        assertEquals(403, role(admin, plainM, "ADMIN").status(), "admins do not appoint");

        assertEquals(List.of(), sanctioned(owner, room), "nothing changed by refused actions");

        assertEquals(200, mute(admin, plainM, true, null).status());
        assertEquals(204, kick(admin, guestM).status());
        assertEquals(200, role(owner, otherM, "MEMBER").status());
        assertEquals(200, ban(owner, otherM, true, null).status());
        Api.Reply siteAdmin = ban(Api.admin(), ownerM, true, 1.0);
        assertEquals(200, siteAdmin.status(), "a site admin outranks the owner: " + siteAdmin.body());
    }

    private static List<Long> sanctioned(Api.Session viewer, long room) {
        return get("/api/room-users/" + room, viewer.token()).array().getValuesAs(JsonObject.class).stream()
                .filter(m -> m.getBoolean("banned") || m.getBoolean("muted"))
                .map(m -> m.getJsonNumber("userId").longValue()).toList();
    }

    @Test
    void bannedUserLeavesAndCannotRejoinUntilUnbanned() {
        Api.Session owner = member();
        Api.Session troll = member();
        long room = Chat.roomId(owner);
        long trollM = Chat.member(troll, room);
        Chat.say(troll, room, "spam");

        Api.Reply banned = ban(owner, trollM, true, null);
        assertEquals(200, banned.status(), banned.body());
        assertTrue(banned.json().getBoolean("banned"));
        assertEquals(1, get("/api/rooms/" + room, owner.token()).json().getInt("memberCount"));

        Api.Reply post = Chat.send(troll, room, "let me in", null);
        assertEquals(403, post.status());
        assertEquals("banned", post.json().getString("code"));
        Api.Reply rejoin = Chat.join(troll, room);
        assertEquals(403, rejoin.status());
        assertEquals("banned", rejoin.json().getString("code"));
        assertEquals(403, Chat.history(troll, room, null).status());

        Api.Reply unbanned = ban(owner, trollM, false, null);
        assertEquals(200, unbanned.status(), unbanned.body());
        assertFalse(unbanned.json().getBoolean("banned"));
        assertTrue(List.of(200, 201).contains(Chat.join(troll, room).status()));
        assertEquals(201, Chat.send(troll, room, "sorry", null).status());
    }

    @Test
    void aBanRunsOutByItself() {
        Api.Session owner = member();
        Api.Session troll = member();
        long room = Chat.roomId(owner);
        long trollM = Chat.member(troll, room);
        Api.Reply banned = ban(owner, trollM, true, 0.05);
        assertEquals(200, banned.status(), banned.body());
        Instant until = Instant.parse(banned.json().getString("bannedUntil"));
        assertTrue(until.isAfter(Instant.now().plusSeconds(1)) && until.isBefore(Instant.now().plusSeconds(5)));
        assertEquals(403, Chat.join(troll, room).status());

        Chat.sleep(3500);
        Api.Reply back = Chat.join(troll, room);
        assertEquals(201, back.status(), back.body());
        assertFalse(back.json().getBoolean("banned"));
        assertEquals(201, Chat.send(troll, room, "back", null).status());
    }

    @Test
    void aMutedMemberReadsButCannotPostUntilTheMuteEnds() {
        Api.Session owner = member();
        Api.Session loud = member();
        long room = Chat.roomId(owner);
        long loudM = Chat.member(loud, room);

        Api.Reply muted = mute(owner, loudM, true, 0.05);
        assertEquals(200, muted.status(), muted.body());
        assertTrue(muted.json().getBoolean("muted"));
        Api.Reply post = Chat.send(loud, room, "LOUD", null);
        assertEquals(403, post.status());
        assertEquals("muted", post.json().getString("code"));
        assertEquals(200, Chat.history(loud, room, null).status(), "a muted member still reads");

        Chat.sleep(3500);
        assertEquals(201, Chat.send(loud, room, "quiet now", null).status());

        assertEquals(200, mute(owner, loudM, true, null).status());
        assertEquals(403, Chat.send(loud, room, "again", null).status());
        assertEquals(200, mute(owner, loudM, false, null).status());
        assertEquals(201, Chat.send(loud, room, "thanks", null).status());
    }

    @Test
    void aKickedMemberMayRejoin() {
        Api.Session owner = member();
        Api.Session kicked = member();
        long room = Chat.roomId(owner);
        long kickedM = Chat.member(kicked, room);
        assertEquals(204, kick(owner, kickedM).status());
        assertEquals(403, Chat.send(kicked, room, "hey", null).status());
        assertEquals(404, kick(owner, kickedM).status(), "the membership is gone");
        assertEquals(201, Chat.join(kicked, room).status());
    }

    @Test
    void badModerationInputIsRefused() {
        Api.Session owner = member();
        long room = Chat.roomId(owner);
        long m = Chat.member(member(), room);
        assertEquals(400, ban(owner, m, true, -1.0).status());
        assertEquals(400, patch("/api/room-users/" + m + "/ban", owner.token(), Json.createObjectBuilder().build()).status());
        assertEquals(400, role(owner, m, "KING").status());
        assertEquals(404, ban(owner, 987654321L, true, null).status());
        assertEquals(404, Chat.join(owner, 987654321L).status());
        assertEquals(409, ban(owner, m, false, null).status(), "not banned");
    }
}
