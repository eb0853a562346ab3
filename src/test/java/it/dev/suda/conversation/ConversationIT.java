package it.dev.suda.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import it.dev.suda.Sock;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Replies, reactions and edits (issue 33) over REST and the socket, seen live by a second person on the other node
 * when the build runs two (with Redis), else on the same one.
 */
class ConversationIT {

    static final String NODE_B = System.getProperty("suda.it.redis", "").startsWith("redis")
            ? System.getProperty("suda.url2", Api.BASE) : Api.BASE;

    /** The newest user message (a socket's arrival may add system messages after it). */
    private static JsonObject newest(Api.Session who, long roomId) {
        return Chat.history(who, roomId, "limit=20").json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(m -> "USER".equals(m.getString("kind"))).findFirst().orElseThrow();
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

    // ---- reactions ----

    private static String emojiPath(long messageId, String emoji) {
        return "/api/messages/" + messageId + "/reactions/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8);
    }

    private static Api.Reply react(Api.Session who, long messageId, String emoji) {
        return Api.call("PUT", emojiPath(messageId, emoji), who.token(), null);
    }

    private static Api.Reply unreact(Api.Session who, long messageId, String emoji) {
        return Api.delete(emojiPath(messageId, emoji), who.token());
    }

    /** "emoji:count:mine" for each reaction, in order. */
    private static List<String> chips(JsonArray reactions) {
        return reactions.getValuesAs(JsonObject.class).stream()
                .map(r -> r.getString("emoji") + ":" + r.getInt("count") + (r.containsKey("mine") ? ":" + r.getBoolean("mine") : ""))
                .collect(Collectors.toList());
    }

    private static JsonObject reactionsFrame(Sock socket, long messageId, String emoji, boolean reacted, Api.Session by) {
        return socket.await(f -> Sock.isType(f, "reactions") && f.getJsonNumber("messageId").longValue() == messageId
                && emoji.equals(f.getString("emoji")) && f.getBoolean("reacted") == reacted
                && f.getJsonNumber("userId").longValue() == by.id(), 20);
    }

    @Test
    void reactionsCountOncePerUserAndEmojiShowLiveOnBothNodesAndInHistoryWithMine() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        long messageId = Chat.say(alice, roomId, "오늘 배포 끝!").getJsonNumber("id").longValue();
        try (Sock aliceOnA = Sock.joined(roomId, alice.token());
             Sock bobOnB = Sock.open(NODE_B, roomId, bob.token(), null)) {
            bobOnB.awaitType("presence");
            Api.Reply first = react(alice, messageId, "🎉");
            assertEquals(200, first.status(), first.toString());
            assertEquals(List.of("🎉:1:true"), chips(first.json().getJsonArray("reactions")));
            assertEquals(List.of("🎉:1"), chips(reactionsFrame(bobOnB, messageId, "🎉", true, alice).getJsonArray("counts")));

            assertEquals(List.of("🎉:1:true"), chips(react(alice, messageId, "🎉").json().getJsonArray("reactions")),
                    "the same emoji twice counts once");

            bobOnB.send(Json.createObjectBuilder().add("type", "react").add("messageId", messageId).add("emoji", "🎉").build());
            JsonObject live = reactionsFrame(aliceOnA, messageId, "🎉", true, bob);
            assertEquals(bob.id(), live.getJsonNumber("userId").longValue());
            assertEquals(List.of("🎉:2"), chips(live.getJsonArray("counts")));
            bobOnB.send(Json.createObjectBuilder().add("type", "react").add("messageId", messageId).add("emoji", "👍🏽").build());
            assertEquals(List.of("🎉:2", "👍🏽:1"), chips(reactionsFrame(aliceOnA, messageId, "👍🏽", true, bob).getJsonArray("counts")));

            assertEquals(List.of("🎉:2:true", "👍🏽:1:false"), chips(newest(alice, roomId).getJsonArray("reactions")));
            assertEquals(List.of("🎉:2:true", "👍🏽:1:true"), chips(newest(bob, roomId).getJsonArray("reactions")));

            Api.Reply taken = unreact(alice, messageId, "🎉");
            assertEquals(List.of("🎉:1:false", "👍🏽:1:false"), chips(taken.json().getJsonArray("reactions")));
            assertEquals(List.of("🎉:1", "👍🏽:1"), chips(reactionsFrame(bobOnB, messageId, "🎉", false, alice).getJsonArray("counts")));
        }
    }

    @Test
    void aReactionMustBeOneEmojiOnAMessageOfTheRoom() {
        Api.Session alice = Api.member();
        long roomId = Chat.roomId(alice);
        long messageId = Chat.say(alice, roomId, "hi").getJsonNumber("id").longValue();
        Api.Reply text = react(alice, messageId, "lol");
        assertEquals(400, text.status(), text.toString());
        assertEquals("bad_emoji", text.json().getString("code"));
        assertEquals(400, react(alice, messageId, "👍👍").status());
        assertEquals(404, react(alice, Long.MAX_VALUE - 1, "👍").status());
        long otherRoom = Chat.roomId(alice);
        try (Sock socket = Sock.joined(otherRoom, alice.token())) {
            socket.send(Json.createObjectBuilder().add("type", "react").add("messageId", messageId).add("emoji", "👍").build());
            JsonObject error = socket.awaitType("error");
            assertEquals("not_found", error.getString("code"));
            assertEquals("react", error.getString("ref"));
        }
        Api.Session stranger = Api.member();
        assertEquals(403, react(stranger, messageId, "👍").status(), "not a member of the room");
    }

    @Test
    void aMessageTakesAtMostTwentyDifferentEmoji() {
        Api.Session alice = Api.member();
        long roomId = Chat.roomId(alice);
        long messageId = Chat.say(alice, roomId, "vote").getJsonNumber("id").longValue();
        for (int i = 0; i < 20; i++) {
            String emoji = new String(Character.toChars(0x1F600 + i));
            assertEquals(200, react(alice, messageId, emoji).status(), emoji);
        }
        Api.Reply tooMany = react(alice, messageId, "🐙");
        assertEquals(409, tooMany.status(), tooMany.toString());
        assertEquals("too_many_emoji", tooMany.json().getString("code"));
        Api.Session bob = Api.member();
        Chat.member(bob, roomId);
        assertEquals(200, react(bob, messageId, "😀").status(), "one of the twenty may still be added to");
    }

    @Test
    void mutedAndBannedMembersCannotReact() {
        Api.Session owner = Api.member();
        Api.Session muted = Api.member();
        Api.Session banned = Api.member();
        long roomId = Chat.roomId(owner);
        long mutedMembership = Chat.member(muted, roomId);
        long bannedMembership = Chat.member(banned, roomId);
        long messageId = Chat.say(owner, roomId, "behave").getJsonNumber("id").longValue();
        assertEquals(200, Api.patch("/api/room-users/" + mutedMembership + "/mute", owner.token(),
                Json.createObjectBuilder().add("muted", true).build()).status());
        assertEquals(200, Api.patch("/api/room-users/" + bannedMembership + "/ban", owner.token(),
                Json.createObjectBuilder().add("banned", true).build()).status());
        Api.Reply mutedTry = react(muted, messageId, "👎");
        assertEquals(403, mutedTry.status(), mutedTry.toString());
        assertEquals("muted", mutedTry.json().getString("code"));
        Api.Reply bannedTry = react(banned, messageId, "👎");
        assertEquals(403, bannedTry.status(), bannedTry.toString());
        assertEquals("banned", bannedTry.json().getString("code"));
        assertTrue(newest(owner, roomId).getJsonArray("reactions").isEmpty());
    }

    // ---- edits ----

    private static Api.Reply edit(Api.Session who, long messageId, String content) {
        return Api.patch("/api/messages/" + messageId, who.token(), Json.createObjectBuilder().add("content", content).build());
    }

    @Test
    void theAuthorEditsEveryoneSeesItLiveHistoryMarksItAndTheAuditLogKeepsTheEarlierText() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        long messageId = Chat.say(alice, roomId, "내일 3시에 만나요").getJsonNumber("id").longValue();
        reply(bob, roomId, "좋아요", messageId);
        try (Sock aliceOnA = Sock.joined(roomId, alice.token());
             Sock bobOnB = Sock.open(NODE_B, roomId, bob.token(), null)) {
            bobOnB.awaitType("presence");
            Api.Reply edited = edit(alice, messageId, "내일 4시에 만나요 ✏️");
            assertEquals(200, edited.status(), edited.toString());
            assertEquals("내일 4시에 만나요 ✏️", edited.json().getString("content"));
            assertFalse(edited.json().isNull("editedAt"));

            JsonObject live = bobOnB.await(f -> Sock.isType(f, "messageEdited") && f.getJsonNumber("id").longValue() == messageId, 20);
            assertEquals("내일 4시에 만나요 ✏️", live.getString("content"));
            assertEquals(edited.json().getString("editedAt"), live.getString("editedAt"));

            aliceOnA.send(Json.createObjectBuilder().add("type", "editMessage").add("id", messageId).add("content", "내일 5시!").build());
            assertEquals("내일 5시!", bobOnB.await(f -> Sock.isType(f, "messageEdited")
                    && "내일 5시!".equals(f.getString("content")), 20).getString("content"));
        }
        // the sockets' joins came after as system messages: pick the two by what they are
        List<JsonObject> history = Chat.history(bob, roomId, "limit=20").json().getJsonArray("items")
                .getValuesAs(JsonObject.class);
        JsonObject original = history.stream().filter(m -> m.getJsonNumber("id").longValue() == messageId).findFirst().orElseThrow();
        JsonObject theReply = history.stream().filter(m -> "좋아요".equals(m.getString("content"))).findFirst().orElseThrow();
        assertEquals("내일 5시!", original.getString("content"));
        assertFalse(original.isNull("editedAt"), "history marks the edit");
        assertTrue(theReply.isNull("editedAt"));
        assertEquals("내일 5시!", theReply.getJsonObject("replyTo").getString("excerpt"), "a quote shows the latest text");

        List<JsonObject> edits = Api.get("/api/rooms/" + roomId + "/audit", alice.token()).array()
                .getValuesAs(JsonObject.class).stream()
                .filter(e -> "MESSAGE_EDIT".equals(e.getString("action"))).toList();
        assertEquals(List.of("내일 4시에 만나요 ✏️", "내일 3시에 만나요"), edits.stream().map(e -> e.getString("reason")).toList(),
                "each earlier text, newest first");
        assertTrue(edits.stream().allMatch(e -> e.getJsonNumber("messageId").longValue() == messageId));
    }

    @Test
    void onlyTheAuthorMayEditNotAnOwnerOrAdmin() {
        Api.Session owner = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(owner);
        Chat.member(bob, roomId);
        long bobs = Chat.say(bob, roomId, "bob's words").getJsonNumber("id").longValue();
        Api.Reply byOwner = edit(owner, bobs, "owner's words");
        assertEquals(403, byOwner.status(), byOwner.toString());
        assertEquals("not_author", byOwner.json().getString("code"));
        Api.Reply byAdmin = edit(Api.admin(), bobs, "admin's words");
        assertEquals(403, byAdmin.status(), byAdmin.toString());
        assertEquals(404, edit(bob, Long.MAX_VALUE - 1, "x").status());
        assertEquals(400, edit(bob, bobs, "").status());
        assertEquals("bob's words", newest(bob, roomId).getString("content"));
        assertTrue(newest(bob, roomId).isNull("editedAt"));
    }

    @Test
    void aMutedAuthorCannotEdit() {
        Api.Session owner = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(owner);
        long membership = Chat.member(bob, roomId);
        long bobs = Chat.say(bob, roomId, "before the mute").getJsonNumber("id").longValue();
        assertEquals(200, Api.patch("/api/room-users/" + membership + "/mute", owner.token(),
                Json.createObjectBuilder().add("muted", true).build()).status());
        Api.Reply refused = edit(bob, bobs, "sneaky");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("muted", refused.json().getString("code"));
    }
}
