package it.dev.suda.conversation;

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
 * Replies, reactions and edits (issue 33) over REST and the socket, seen live by a second person on the other node
 * when the build runs two (with Redis), else on the same one.
 */
class ConversationIT {

    static final String NODE_B = System.getProperty("suda.it.redis", "").startsWith("redis")
            ? System.getProperty("suda.url2", Api.BASE) : Api.BASE;

    private static JsonObject newest(Api.Session who, long roomId) {
        return Chat.history(who, roomId, "limit=1").json().getJsonArray("items").getJsonObject(0);
    }

    private static JsonObject reply(Api.Session who, long roomId, String content, long replyTo) {
        Api.Reply reply = Api.post("/api/messages", who.token(), Json.createObjectBuilder().add("roomId", roomId)
                .add("content", content).add("replyTo", replyTo).build());
        assertEquals(201, reply.status(), reply.toString());
        return reply.json();
    }

    private static boolean userMessage(JsonObject frame, String content) {
        return Sock.isType(frame, "message") && content.equals(frame.getString("content", ""));
    }

    @Test
    void aReplyQuotesItsOriginalInTheResponseLiveOnTheOtherNodeAndInHistory() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        String longText = "시작 " + "가나다라마바사".repeat(20);
        long original = Chat.say(alice, roomId, longText).getJsonNumber("id").longValue();
        try (Sock bobOnB = Sock.open(NODE_B, roomId, bob.token(), null)) {
            bobOnB.awaitType("presence");
            JsonObject posted = reply(alice, roomId, "see above", original);
            JsonObject quote = posted.getJsonObject("replyTo");
            assertEquals(original, quote.getJsonNumber("id").longValue());
            assertEquals(alice.display(), quote.getString("senderDisplay"));
            assertEquals(longText.substring(0, 100) + "…", quote.getString("excerpt"));
            assertFalse(quote.getBoolean("deleted"));

            JsonObject live = bobOnB.await(f -> userMessage(f, "see above"), 20);
            assertEquals(quote, live.getJsonObject("replyTo"));
            assertEquals(quote, newest(bob, roomId).getJsonObject("replyTo"));
        }
    }

    @Test
    void aSocketReplyCarriesItsQuoteToEveryone() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        long original = Chat.say(bob, roomId, "점심 뭐 먹을까요? 🍜").getJsonNumber("id").longValue();
        try (Sock aliceOnA = Sock.joined(roomId, alice.token());
             Sock bobOnB = Sock.open(NODE_B, roomId, bob.token(), null)) {
            bobOnB.awaitType("presence");
            aliceOnA.send(Json.createObjectBuilder().add("type", "sendMessage").add("clientMsgId", "r-1")
                    .add("content", "냉면!").add("replyTo", original).build());
            aliceOnA.await(f -> Sock.isType(f, "ack") && "r-1".equals(f.getString("clientMsgId")), 20);
            JsonObject live = bobOnB.await(f -> userMessage(f, "냉면!"), 20);
            assertEquals("점심 뭐 먹을까요? 🍜", live.getJsonObject("replyTo").getString("excerpt"));
            assertEquals(bob.display(), live.getJsonObject("replyTo").getString("senderDisplay"));
        }
    }

    @Test
    void aReplyToAMessageOfAnotherRoomOrToNoMessageIsRefusedClearly() {
        Api.Session alice = Api.member();
        long roomId = Chat.roomId(alice);
        long otherRoom = Chat.roomId(alice);
        long elsewhere = Chat.say(alice, otherRoom, "elsewhere").getJsonNumber("id").longValue();
        Api.Reply crossRoom = Api.post("/api/messages", alice.token(), Json.createObjectBuilder().add("roomId", roomId)
                .add("content", "hm").add("replyTo", elsewhere).build());
        assertEquals(400, crossRoom.status(), crossRoom.toString());
        assertEquals("reply_other_room", crossRoom.json().getString("code"));
        Api.Reply missing = Api.post("/api/messages", alice.token(), Json.createObjectBuilder().add("roomId", roomId)
                .add("content", "hm").add("replyTo", Long.MAX_VALUE - 1).build());
        assertEquals(400, missing.status(), missing.toString());
        assertEquals("reply_not_found", missing.json().getString("code"));
        assertTrue(Chat.contents(alice, roomId).stream().noneMatch("hm"::equals), "nothing was stored");

        try (Sock socket = Sock.joined(roomId, alice.token())) {
            socket.send(Json.createObjectBuilder().add("type", "sendMessage").add("clientMsgId", "x-1")
                    .add("content", "hm").add("replyTo", elsewhere).build());
            JsonObject error = socket.awaitType("error");
            assertEquals("reply_other_room", error.getString("code"));
            assertEquals("x-1", error.getString("ref"));
        }
    }

    @Test
    void onceTheOriginalIsDeletedTheReplyQuotesItAsDeleted() {
        Api.Session alice = Api.member();
        long roomId = Chat.roomId(alice);
        long original = Chat.say(alice, roomId, "oops").getJsonNumber("id").longValue();
        reply(alice, roomId, "the answer", original);
        assertEquals(204, Api.delete("/api/messages/" + original, alice.token()).status());
        JsonObject quote = newest(alice, roomId).getJsonObject("replyTo");
        assertEquals(original, quote.getJsonNumber("id").longValue());
        assertTrue(quote.getBoolean("deleted"));
        assertTrue(quote.isNull("excerpt"));
        assertTrue(quote.isNull("senderDisplay"));
    }
}
