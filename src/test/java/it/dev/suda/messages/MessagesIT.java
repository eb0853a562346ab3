package it.dev.suda.messages;

import static it.dev.suda.Api.delete;
import static it.dev.suda.Api.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MessagesIT {

    @Test
    void aMemberPostsAndEveryoneReadsIt() {
        Api.Session owner = member();
        Api.Session reader = member();
        long room = Chat.roomId(owner);
        Chat.join(reader, room);
        Api.Reply posted = Chat.send(owner, room, "hello", "first-1");
        assertEquals(201, posted.status(), posted.body());
        JsonObject message = posted.json();
        assertEquals("hello", message.getString("content"));
        assertEquals("USER", message.getString("kind"));
        assertEquals("first-1", message.getString("clientMsgId"));
        assertEquals(room, message.getJsonNumber("roomId").longValue());
        JsonObject sender = message.getJsonObject("sender");
        assertEquals(owner.id(), sender.getJsonNumber("id").longValue());
        assertEquals(owner.display(), sender.getString("display"));
        assertEquals("OWNER", sender.getString("role"));
        assertEquals(Chat.withoutTime(message),
                Chat.withoutTime(Chat.history(reader, room, "limit=1").json().getJsonArray("items").getJsonObject(0)));
    }

    @Test
    void koreanAndEmojiRoundTripVerbatim() {
        Api.Session owner = member();
        long room = Chat.roomId(owner);
        String text = "안녕하세요 👋🏽 <script>alert('x')</script> & 🇰🇷 家族👨‍👩‍👧";
        assertEquals(text, Chat.say(owner, room, text).getString("content"));
        assertEquals(text, Chat.contents(owner, room).get(0));

        String longest = "😀".repeat(2000);
        Api.Reply full = Chat.send(owner, room, longest, null);
        assertEquals(201, full.status(), "2000 emoji are 2000 characters");
        assertEquals(longest, Chat.contents(owner, room).get(0));
        Api.Reply tooLong = Chat.send(owner, room, longest + "!", null);
        assertEquals(400, tooLong.status());
        assertEquals("content_too_long", tooLong.json().getString("code"));
        assertEquals(400, Chat.send(owner, room, "   ", null).status());
        assertEquals(400, Api.call("POST", "/api/messages", owner.token(), "{\"roomId\":" + room + "}").status());
    }

    @Test
    void aResendWithTheSameClientIdReturnsTheFirstMessage() throws Exception {
        Api.Session owner = member();
        long room = Chat.roomId(owner);
        Api.Reply first = Chat.send(owner, room, "once", "dup-1");
        assertEquals(201, first.status());
        Api.Reply again = Chat.send(owner, room, "once (resent)", "dup-1");
        assertEquals(200, again.status());
        assertEquals(Chat.withoutTime(first.json()), Chat.withoutTime(again.json()));

        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Api.Reply>> racing = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                racing.add(pool.submit(() -> Chat.send(owner, room, "race", "race-1")));
            }
            Set<Long> ids = new HashSet<>();
            int created = 0;
            for (Future<Api.Reply> reply : racing) {
                Api.Reply r = reply.get();
                assertTrue(r.status() == 200 || r.status() == 201, r.toString());
                created += r.status() == 201 ? 1 : 0;
                ids.add(r.json().getJsonNumber("id").longValue());
            }
            assertEquals(1, created);
            assertEquals(1, ids.size());
        } finally {
            pool.shutdown();
        }
        assertEquals(1, Chat.contents(owner, room).stream().filter("race"::equals).count());
    }

    @Test
    void concurrentPostsToSeveralRoomsAreEachStoredOnceAndARefusalStaysAlone() throws Exception {
        Api.Session owner = member();
        Api.Session stranger = member();
        long[] rooms = {Chat.roomId(owner), Chat.roomId(owner), Chat.roomId(owner)};
        List<Api.Session> posters = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Api.Session poster = member();
            for (long room : rooms) {
                Chat.join(poster, room);
            }
            posters.add(poster);
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        Map<Long, String> answered = new HashMap<>();
        try {
            // posts to one room, and a stranger's refused posts, arrive together and share batches
            List<Future<Api.Reply>> replies = new ArrayList<>();
            List<Future<Api.Reply>> refused = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int p = 0; p < posters.size(); p++) {
                    Api.Session poster = posters.get(p);
                    long room = rooms[(round + p) % rooms.length];
                    String text = "batch " + round + "/" + p;
                    replies.add(pool.submit(() -> Chat.send(poster, room, text, text)));
                }
                refused.add(pool.submit(() -> Chat.send(stranger, rooms[0], "not a member", null)));
            }
            for (Future<Api.Reply> reply : replies) {
                Api.Reply r = reply.get();
                assertEquals(201, r.status(), r.toString());
                assertNull(answered.put(r.json().getJsonNumber("id").longValue(), r.json().getString("content")),
                        "one id per message");
            }
            for (Future<Api.Reply> reply : refused) {
                assertEquals(403, reply.get().status());
                assertEquals("not_member", reply.get().json().getString("code"));
            }
        } finally {
            pool.shutdown();
        }
        int stored = 0;
        for (long room : rooms) {
            List<Long> history = new ArrayList<>();
            Chat.history(owner, room, "limit=200").json().getJsonArray("items").forEach(item -> {
                if (item.asJsonObject().getString("kind").equals("USER")) {
                    long id = item.asJsonObject().getJsonNumber("id").longValue();
                    history.add(id);
                    // the id each post was answered with is the id its message was stored under
                    assertEquals(item.asJsonObject().getString("content"), answered.get(id), "message " + id);
                }
            });
            List<Long> newestFirst = new ArrayList<>(history);
            newestFirst.sort((a, b) -> Long.compare(b, a));
            assertEquals(newestFirst, history, "history is newest first");
            stored += history.size();
        }
        assertEquals(30, stored, "every acknowledged post is stored once, nothing else");
    }

    @Test
    void historyPagesByKeysetWithoutGapsOrDuplicates() {
        Api.Session owner = member();
        long room = Chat.roomId(owner);
        List<Long> posted = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            posted.add(Chat.say(owner, room, "m" + i).getJsonNumber("id").longValue());
        }
        List<Long> seen = new ArrayList<>();
        String query = "limit=5";
        int pages = 0;
        while (true) {
            Api.Reply page = Chat.history(owner, room, query);
            assertEquals(200, page.status(), page.body());
            page.json().getJsonArray("items").getValuesAs(JsonObject.class)
                    .forEach(m -> seen.add(m.getJsonNumber("id").longValue()));
            pages++;
            if (page.json().isNull("nextBefore")) {
                break;
            }
            query = "limit=5&before=" + page.json().getJsonNumber("nextBefore").longValue();
        }
        assertEquals(24, seen.size(), "23 messages and the owner's join");
        assertEquals(seen.size(), new HashSet<>(seen).size());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) < seen.get(i - 1), "newest first");
        }
        assertTrue(seen.containsAll(posted));
        assertEquals(5, pages);
        assertEquals(400, Chat.history(owner, room, "limit=201").status());
        assertEquals(400, Chat.history(owner, room, "limit=0").status());
        assertEquals(24, Chat.history(owner, room, "limit=200").json().getJsonArray("items").size());
    }

    @Test
    void whoMayDeleteAMessage() {
        Api.Session owner = member();
        Api.Session author = member();
        Api.Session guest = Api.guest("지나가던");
        long room = Chat.roomId(owner);
        Chat.join(author, room);
        Chat.join(guest, room);
        long mine = Chat.say(author, room, "mine").getJsonNumber("id").longValue();
        long second = Chat.say(author, room, "second").getJsonNumber("id").longValue();
        long ownersOwn = Chat.say(owner, room, "owner speaks").getJsonNumber("id").longValue();

        Api.Reply byGuest = delete("/api/messages/" + mine, guest.token());
        assertEquals(403, byGuest.status());
        assertTrue(Chat.contents(owner, room).contains("mine"), "nothing changed");
        assertEquals(403, delete("/api/messages/" + ownersOwn, author.token()).status());

        assertEquals(204, delete("/api/messages/" + mine, author.token()).status());
        assertEquals(204, delete("/api/messages/" + second, owner.token()).status());
        assertEquals(404, delete("/api/messages/" + second, owner.token()).status());
        assertEquals(204, delete("/api/messages/" + ownersOwn, Api.admin().token()).status());
        List<String> left = Chat.contents(owner, room);
        assertFalse(left.contains("mine") || left.contains("second") || left.contains("owner speaks"));
    }

    @Test
    void onlyMembersPostOrRead() {
        Api.Session owner = member();
        Api.Session outsider = member();
        long room = Chat.roomId(owner);
        Api.Reply post = Chat.send(outsider, room, "hi", null);
        assertEquals(403, post.status());
        assertEquals("not_member", post.json().getString("code"));
        assertEquals(403, Chat.history(outsider, room, null).status());
        assertEquals(200, Chat.history(Api.admin(), room, null).status(), "site admins read any room");
        assertEquals(404, Chat.send(owner, 987654321L, "nowhere", null).status());
    }

    @Test
    void floodingIsRateLimited() {
        Api.Session owner = member();
        long room = Chat.roomId(owner);
        int limited = 0;
        for (int i = 0; i < 40 && limited == 0; i++) {
            Api.Reply reply = Chat.send(owner, room, "flood " + i, null);
            if (reply.status() == 429) {
                limited++;
                assertEquals("rate_limited", reply.json().getString("code"));
            }
        }
        assertEquals(1, limited);
    }

    @Test
    void historyWithoutNextPageEndsWithNull() {
        Api.Session owner = member();
        long room = Chat.roomId(owner);
        JsonObject page = Chat.history(owner, room, null).json();
        assertEquals(1, page.getJsonArray("items").size(), "the owner's join");
        assertTrue(page.isNull("nextBefore"));
    }
}
