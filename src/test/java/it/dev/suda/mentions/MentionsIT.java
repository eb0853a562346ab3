package it.dev.suda.mentions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import it.dev.suda.Sock;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mentions (issue 33): an {@code @name} of a room member becomes the member's id in the message, live on the other
 * node (when the build runs two, with Redis), in history and in the mentioned user's {@code /api/me/mentions}.
 */
class MentionsIT {

    static final String NODE_B = System.getProperty("suda.it.redis", "").startsWith("redis")
            ? System.getProperty("suda.url2", Api.BASE) : Api.BASE;

    /**
     * As in VoiceIT: the build starts the second node without waiting for its application, which on a busy machine
     * comes up minutes later; a socket to it before then times out.
     */
    @BeforeAll
    static void bothNodesServeTheApplication() {
        Api.awaitReady(NODE_B);
    }

    private static String name(Api.Session who) {
        return who.display();
    }

    private static List<Long> ids(JsonArray array) {
        return array.getValuesAs(JsonNumber.class).stream().map(JsonNumber::longValue).toList();
    }

    private static List<Long> mentions(JsonObject message) {
        return ids(message.getJsonArray("mentions"));
    }

    private static JsonObject inHistory(Api.Session who, long roomId, long messageId) {
        return Chat.history(who, roomId, "limit=50").json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(m -> m.getJsonNumber("id").longValue() == messageId).findFirst().orElseThrow();
    }

    private static Api.Reply myMentions(Api.Session who, String query) {
        return Api.get("/api/me/mentions" + (query == null ? "" : "?" + query), who.token());
    }

    /** Every mentioned message id of the user, newest first, read page by page of {@code pageSize}. */
    private static List<Long> allMentionIds(Api.Session who, int pageSize) {
        List<Long> seen = new ArrayList<>();
        String query = "limit=" + pageSize;
        for (int page = 0; page < 50; page++) {
            Api.Reply reply = myMentions(who, query);
            assertEquals(200, reply.status(), reply.toString());
            List<JsonObject> items = reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
            assertTrue(items.size() <= pageSize);
            items.forEach(item -> seen.add(item.getJsonObject("message").getJsonNumber("id").longValue()));
            if (reply.json().isNull("nextBefore")) {
                return seen;
            }
            query = "limit=" + pageSize + "&before=" + reply.json().getJsonNumber("nextBefore").longValue();
        }
        throw new IllegalStateException("no end of pages");
    }

    /** A member whose name is Korean, as Korean communities name themselves. */
    private static Api.Session koreanMember() {
        String username = "민수" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        String email = Api.unique("k") + "@example.test";
        Api.Reply registered = Api.register(email, username, Api.PASSWORD);
        assertEquals(201, registered.status(), registered.toString());
        return Api.signIn(email, Api.PASSWORD);
    }

    @Test
    void aMentionResolvesToTheMembersIdLiveOnTheOtherNodeAndInHistoryButNotToANonMember() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        Api.Session stranger = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        String text = "@" + name(bob).toUpperCase() + " 점심 먹었어요? 🍜 cc @" + name(stranger);
        try (Sock bobOnB = Sock.open(NODE_B, roomId, bob.token(), null)) {
            bobOnB.awaitType("presence");
            JsonObject posted = Chat.say(alice, roomId, text);
            assertEquals(List.of(bob.id()), mentions(posted), posted.toString());
            long id = posted.getJsonNumber("id").longValue();

            JsonObject live = bobOnB.await(f -> Sock.isType(f, "message") && f.getJsonNumber("id").longValue() == id, 20);
            assertEquals(List.of(bob.id()), mentions(live));
            assertEquals(text, live.getString("content"), "Korean and emoji arrive as sent");
            JsonObject stored = inHistory(bob, roomId, id);
            assertEquals(List.of(bob.id()), mentions(stored));
            assertEquals(text, stored.getString("content"));

            JsonObject plain = Chat.say(alice, roomId, "no one in particular, mail bob@example.test");
            assertEquals(List.of(), mentions(plain), "a message that mentions nobody has an empty list");
        }
    }

    @Test
    void aSocketPostMentionsAKoreanNamedMemberWithAnHonorificAndAGuestByNickname() {
        Api.Session alice = Api.member();
        Api.Session minsu = koreanMember();
        String nickname = "guest" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        Api.Session guest = Api.guest(nickname);
        long roomId = Chat.roomId(alice);
        Chat.member(minsu, roomId);
        Chat.member(guest, roomId);
        String text = "@" + name(minsu) + "님 회의 3시예요 ✅ @" + nickname + " 도 오세요";
        try (Sock aliceOnA = Sock.joined(roomId, alice.token());
             Sock minsuOnB = Sock.open(NODE_B, roomId, minsu.token(), null)) {
            minsuOnB.awaitType("presence");
            aliceOnA.send(Json.createObjectBuilder().add("type", "sendMessage").add("clientMsgId", "m-1")
                    .add("content", text).build());
            JsonObject live = minsuOnB.await(f -> Sock.isType(f, "message") && text.equals(f.getString("content", "")), 20);
            List<Long> expected = new ArrayList<>(List.of(minsu.id(), guest.id()));
            expected.sort(null);
            assertEquals(expected, mentions(live));
            assertEquals(expected, mentions(inHistory(alice, roomId, live.getJsonNumber("id").longValue())));
        }
    }

    @Test
    void myMentionsAreNewestFirstAcrossRoomsByKeysetAndLeaveOutRoomsIAmBannedFromAndDeletedMessages() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long kept = Chat.roomId(alice);
        long banning = Chat.roomId(alice);
        Chat.member(bob, kept);
        long membership = Chat.member(bob, banning);
        List<Long> keptIds = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long room = i % 2 == 0 ? kept : banning;
            long id = Chat.say(alice, room, "@" + name(bob) + " 질문 " + i + " 🙏").getJsonNumber("id").longValue();
            all.add(0, id);
            if (room == kept) {
                keptIds.add(0, id);
            }
        }
        Chat.say(alice, kept, "not a mention of anyone");
        assertEquals(all, allMentionIds(bob, 2), "newest first, two a page");
        assertEquals(List.of(), allMentionIds(alice, 2), "alice was mentioned nowhere");

        JsonObject first = myMentions(bob, "limit=1").json();
        JsonObject item = first.getJsonArray("items").getJsonObject(0);
        assertEquals(kept, item.getJsonNumber("roomId").longValue());
        assertTrue(item.getString("roomName").startsWith("room "), item.toString());
        assertEquals("@" + name(bob) + " 질문 4 🙏", item.getJsonObject("message").getString("content"));
        assertEquals(List.of(bob.id()), mentions(item.getJsonObject("message")));
        assertEquals(all.get(0), first.getJsonNumber("nextBefore").longValue());

        assertEquals(200, Api.patch("/api/room-users/" + membership + "/ban", alice.token(),
                Json.createObjectBuilder().add("banned", true).build()).status());
        assertEquals(keptIds, allMentionIds(bob, 2), "a room bob was banned from is left out");

        assertEquals(204, Api.delete("/api/messages/" + keptIds.get(0), alice.token()).status());
        assertEquals(keptIds.subList(1, keptIds.size()), allMentionIds(bob, 50), "a deleted message is gone");

        assertEquals(400, myMentions(bob, "limit=0").status());
        assertEquals(401, Api.get("/api/me/mentions", null).status());
    }

    @Test
    void anEditResolvesMentionsAgainLiveOnTheOtherNodeAndInTheMentionLists() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        Api.Session carol = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        Chat.member(carol, roomId);
        long id = Chat.say(alice, roomId, "@" + name(bob) + " 확인 부탁해요").getJsonNumber("id").longValue();
        assertEquals(List.of(id), allMentionIds(bob, 10));
        try (Sock carolOnB = Sock.open(NODE_B, roomId, carol.token(), null)) {
            carolOnB.awaitType("presence");
            String edited = "@" + name(carol) + " 확인 부탁해요 ✏️";
            Api.Reply reply = Api.patch("/api/messages/" + id, alice.token(), Json.createObjectBuilder().add("content", edited).build());
            assertEquals(200, reply.status(), reply.toString());
            assertEquals(List.of(carol.id()), mentions(reply.json()));
            JsonObject live = carolOnB.await(f -> Sock.isType(f, "messageEdited") && f.getJsonNumber("id").longValue() == id, 20);
            assertEquals(List.of(carol.id()), mentions(live));
            assertEquals(edited, live.getString("content"));
        }
        assertEquals(List.of(carol.id()), mentions(inHistory(bob, roomId, id)));
        assertEquals(List.of(), allMentionIds(bob, 10), "bob is no longer mentioned");
        assertEquals(List.of(id), allMentionIds(carol, 10));
    }
}
