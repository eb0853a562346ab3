package it.dev.suda.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import it.dev.suda.Sock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Read markers and unread counts (issue 33.5): counts grow with other people's messages, not one's own, clear as the
 * reader marks messages read (REST or socket), never move back, and refuse ids that are not the room's; the reader's
 * other sockets (on the other node when the build runs two) hear where the marker moved.
 */
class UnreadIT {

    static final String NODE_B = System.getProperty("suda.it.redis", "").startsWith("redis")
            ? System.getProperty("suda.url2", Api.BASE) : Api.BASE;

    private static JsonObject room(Api.Session reader, long roomId) {
        Api.Reply reply = Api.get("/api/rooms/" + roomId, reader.token());
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    private static int unread(Api.Session reader, long roomId) {
        JsonObject room = room(reader, roomId);
        assertTrue(room.containsKey("unreadCount"), "a member sees its unread count: " + room);
        return room.getInt("unreadCount");
    }

    private static Api.Reply markRead(Api.Session reader, long roomId, long lastReadId) {
        return Api.post("/api/room-users/" + roomId + "/read", reader.token(),
                Json.createObjectBuilder().add("lastReadId", lastReadId).build());
    }

    private static long say(Api.Session who, long roomId, String text) {
        return Chat.say(who, roomId, text).getJsonNumber("id").longValue();
    }

    @Test
    void countsGrowWithOtherPeoplesMessagesButNotOnesOwn() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        Api.Session carol = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        assertEquals(0, unread(bob, roomId), "a new member starts with nothing unread (joins are not counted)");
        assertEquals(0, unread(alice, roomId), "the owner does not count bob's join");

        say(alice, roomId, "안녕하세요 👋");
        say(alice, roomId, "two");
        say(alice, roomId, "three");
        say(bob, roomId, "bob's own");

        assertEquals(3, unread(bob, roomId), "alice's three, not bob's own");
        assertEquals(1, unread(alice, roomId), "bob's one");
        JsonObject asStranger = room(carol, roomId);
        assertFalse(asStranger.containsKey("unreadCount"), "no count for a non-member: " + asStranger);
        assertFalse(asStranger.containsKey("mentionCount"), "no mention count for a non-member: " + asStranger);

        JsonObject listed = Api.get("/api/rooms?limit=200", bob.token()).array().getValuesAs(JsonObject.class).stream()
                .filter(r -> r.getJsonNumber("id").longValue() == roomId).findFirst().orElseThrow();
        assertEquals(3, listed.getInt("unreadCount"), "the room list carries the count: " + listed);
    }

    @Test
    void markingReadOverRestClearsTheCountAndNeverMovesBack() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        long first = say(alice, roomId, "one");
        long second = say(alice, roomId, "two");
        long third = say(alice, roomId, "three");
        assertEquals(3, unread(bob, roomId));

        Api.Reply moved = markRead(bob, roomId, second);
        assertEquals(200, moved.status(), moved.toString());
        assertEquals(second, moved.json().getJsonNumber("lastReadId").longValue());
        assertEquals(roomId, moved.json().getJsonNumber("roomId").longValue());
        assertEquals(1, unread(bob, roomId));

        Api.Reply back = markRead(bob, roomId, first);
        assertEquals(200, back.status(), back.toString());
        assertEquals(second, back.json().getJsonNumber("lastReadId").longValue(), "the marker stays where it was");
        assertEquals(1, unread(bob, roomId), "an older id does not make messages unread again");

        assertEquals(third, markRead(bob, roomId, third).json().getJsonNumber("lastReadId").longValue());
        assertEquals(0, unread(bob, roomId));
        assertEquals(0, unread(alice, roomId), "bob's marker is bob's alone");

        say(alice, roomId, "four");
        assertEquals(1, unread(bob, roomId), "what comes after the marker counts again");
    }

    @Test
    void aReadFrameClearsTheCountAndTheReadersOtherSocketsHearIt() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        long otherRoom = Chat.roomId(alice);
        Chat.member(bob, roomId);
        Chat.member(bob, otherRoom);
        say(alice, roomId, "one");
        long last = say(alice, roomId, "two");
        try (Sock tab1 = Sock.joined(roomId, bob.token());
             Sock tab2 = Sock.open(NODE_B, roomId, bob.token(), null);
             Sock otherTab = Sock.open(NODE_B, otherRoom, bob.token(), null);
             Sock aliceTab = Sock.joined(roomId, alice.token())) {
            tab2.awaitType("presence");
            otherTab.awaitType("presence");
            assertEquals(2, unread(bob, roomId));
            tab1.send(Json.createObjectBuilder().add("type", "read").add("lastReadId", last).build());
            for (Sock tab : new Sock[] {tab1, tab2, otherTab}) {
                JsonObject frame = tab.await(f -> Sock.isType(f, "readUpTo"), 20);
                assertEquals(roomId, frame.getJsonNumber("roomId").longValue());
                assertEquals(last, frame.getJsonNumber("lastReadId").longValue());
            }
            assertEquals(0, unread(bob, roomId));

            // a read frame that moves nothing says nothing
            tab1.send(Json.createObjectBuilder().add("type", "read").add("lastReadId", last).build());
            tab1.send(Json.createObjectBuilder().add("type", "joinRoom").build());
            tab1.awaitType("presence");
            Chat.sleep(500);
            assertTrue(tab2.seen().stream().noneMatch(f -> Sock.isType(f, "readUpTo")), "no second readUpTo: " + tab2.seen());
            assertTrue(aliceTab.seen().stream().noneMatch(f -> Sock.isType(f, "readUpTo")), "others never hear it");
        }
    }

    @Test
    void idsThatAreNotTheRoomsAreRefused() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        Api.Session carol = Api.member();
        long roomId = Chat.roomId(alice);
        long otherRoom = Chat.roomId(alice);
        Chat.member(bob, roomId);
        Chat.member(bob, otherRoom);
        long here = say(alice, roomId, "here");
        long elsewhere = say(alice, otherRoom, "elsewhere");
        long later = say(alice, roomId, "later");
        assertTrue(elsewhere < later);

        Api.Reply beyond = markRead(bob, roomId, later + 1_000_000);
        assertEquals(400, beyond.status(), beyond.toString());
        assertTrue(beyond.contentType().startsWith("application/problem+json"), beyond.toString());
        assertEquals("bad_last_read", beyond.json().getString("code", ""), beyond.toString());

        Api.Reply foreign = markRead(bob, roomId, elsewhere);
        assertEquals(400, foreign.status(), "another room's message: " + foreign);
        assertTrue(foreign.contentType().startsWith("application/problem+json"), foreign.toString());

        Api.Reply negative = markRead(bob, roomId, -1);
        assertEquals(400, negative.status(), negative.toString());

        Api.Reply stranger = markRead(carol, roomId, here);
        assertEquals(403, stranger.status(), "a non-member has no marker: " + stranger);

        Api.Reply noRoom = markRead(bob, Long.MAX_VALUE / 2, here);
        assertEquals(404, noRoom.status(), noRoom.toString());

        assertEquals(2, unread(bob, roomId), "nothing moved");

        try (Sock tab = Sock.joined(roomId, bob.token())) {
            tab.send(Json.createObjectBuilder().add("type", "read").add("lastReadId", elsewhere).build());
            JsonObject error = tab.await(f -> Sock.isType(f, "error"), 20);
            assertEquals("bad_last_read", error.getString("code"), error.toString());
            assertEquals("read", error.getString("ref"), error.toString());
            tab.send(Json.createObjectBuilder().add("type", "read").build());
            assertEquals("missing_field", tab.await(f -> Sock.isType(f, "error"), 20).getString("code"));
            assertFalse(tab.isClosed(), "the socket stays open");
        }
        assertEquals(2, unread(bob, roomId), "still nothing moved");
    }

    @Test
    void deletedMessagesAndPersonallyMutedSendersAreNotCounted() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        Api.Session bore = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        Chat.member(bore, roomId);
        long gone = say(alice, roomId, "oops");
        say(alice, roomId, "kept");
        say(bore, roomId, "blah");
        assertEquals(3, unread(bob, roomId));

        assertEquals(204, Api.delete("/api/messages/" + gone, alice.token()).status());
        assertEquals(2, unread(bob, roomId), "a deleted message is not unread");

        assertEquals(204, Api.call("PUT", "/api/me/mutes/" + bore.id(), bob.token(), null).status());
        assertEquals(1, unread(bob, roomId), "a personally muted sender's messages are not counted");
    }

    @Test
    void mentionsOfTheReaderAfterItsMarkerAreCountedAndClearWithIt() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        Api.Session carol = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        Chat.member(carol, roomId);
        say(alice, roomId, "@" + bob.display() + " 회의 3시예요 ✅");
        say(carol, roomId, "no mention here");
        long last = say(carol, roomId, "@" + bob.display() + " and @" + alice.display());
        JsonObject asBob = room(bob, roomId);
        assertEquals(3, asBob.getInt("unreadCount"), asBob.toString());
        assertEquals(2, asBob.getInt("mentionCount"), asBob.toString());
        assertEquals(1, room(alice, roomId).getInt("mentionCount"), "carol's mention of alice");
        assertEquals(0, room(carol, roomId).getInt("mentionCount"));

        assertEquals(200, markRead(bob, roomId, last).status());
        asBob = room(bob, roomId);
        assertEquals(0, asBob.getInt("unreadCount"), asBob.toString());
        assertEquals(0, asBob.getInt("mentionCount"), asBob.toString());
    }

    @Test
    void aRoomTheReaderWasBannedFromHasNoCount() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        long membership = Chat.member(bob, roomId);
        say(alice, roomId, "one");
        assertEquals(1, unread(bob, roomId));
        Api.Reply ban = Api.patch("/api/room-users/" + membership + "/ban", alice.token(),
                Json.createObjectBuilder().add("banned", true).add("reason", "test").build());
        assertEquals(200, ban.status(), ban.toString());
        assertFalse(room(bob, roomId).containsKey("unreadCount"), "a banned user is not a member");
    }
}
