package it.dev.suda.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import it.dev.suda.Sock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A node hears only the rooms it has sockets in: it subscribes to a room's channel as the first socket there opens
 * and lets go of it a short while after the last one closed, while messages still reach every socket on every node.
 * The channels a node holds are read from its test hook, as Redis confirmed them.
 */
class RoomSubscriptionsIT {

    static final String NODE_A = Api.BASE;
    static final String NODE_B = System.getProperty("suda.url2", "http://127.0.0.1:9081");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static boolean twoNodes() {
        return System.getProperty("suda.it.redis", "").startsWith("redis");
    }

    /** The channels a node is subscribed to now. */
    static Set<String> channels(String node) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(node + "/api/test-hooks/subscriptions"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return Json.createReader(new StringReader(response.body())).readObject().getJsonArray("channels")
                    .getValuesAs(JsonString.class).stream().map(JsonString::getString).collect(Collectors.toSet());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String channel(long roomId) {
        return "{room:" + roomId + "}";
    }

    /** Waits (generously: the linger is 5 s and the machine is shared) until the node holds the room or not. */
    static void awaitHeld(String node, long roomId, boolean held) {
        long deadline = System.currentTimeMillis() + 40_000;
        while (channels(node).contains(channel(roomId)) != held) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(node + (held ? " never subscribed to " : " never let go of ") + channel(roomId)
                        + "; it holds " + channels(node));
            }
            Chat.sleep(200);
        }
    }

    private static boolean userMessage(JsonObject f) {
        return "message".equals(f.getString("type", "")) && "USER".equals(f.getString("kind"));
    }

    @Test
    void aNodeWithNoSocketInARoomDoesNotHearIt() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long onlyOnA = Chat.roomId(alice);
        long onBoth = Chat.roomId(alice);
        Chat.member(bob, onBoth);
        try (Sock aliceOnlyRoom = Sock.joined(onlyOnA, alice.token());
             Sock aliceShared = Sock.joined(onBoth, alice.token());
             Sock bobShared = Sock.open(twoNodes() ? NODE_B : NODE_A, onBoth, bob.token(), null)) {
            bobShared.awaitType("presence");
            // the subscription is in place before the socket is live: no waiting needed
            assertTrue(channels(NODE_A).contains(channel(onlyOnA)), "node A hears the room it has a socket in");
            assertTrue(channels(NODE_A).contains(channel(onBoth)));
            if (twoNodes()) {
                assertTrue(channels(NODE_B).contains(channel(onBoth)), "node B hears the room it has a socket in");
                assertFalse(channels(NODE_B).contains(channel(onlyOnA)), "node B has nobody in the room: it does not hear it");
            }
            for (int i = 0; i < 5; i++) {
                Chat.say(alice, onlyOnA, "only on A " + i);
                Chat.say(alice, onBoth, "on both " + i);
            }
            assertEquals(5, aliceOnlyRoom.collect("message", 5, 20).stream().filter(RoomSubscriptionsIT::userMessage).count());
            List<Long> onA = aliceShared.collect("message", 5, 20).stream().filter(RoomSubscriptionsIT::userMessage)
                    .map(f -> f.getJsonNumber("id").longValue()).toList();
            List<Long> onB = bobShared.collect("message", 5, 20).stream().filter(RoomSubscriptionsIT::userMessage)
                    .map(f -> f.getJsonNumber("id").longValue()).toList();
            assertEquals(5, onA.size(), "the shared room's messages reach node A's socket");
            assertEquals(onA, onB, "and node B's, in the same order");
            if (twoNodes()) {
                assertFalse(channels(NODE_B).contains(channel(onlyOnA)), "node B still does not hear the room");
            }
        }
        // the last sockets closed: after the linger both nodes let go of both rooms
        awaitHeld(NODE_A, onlyOnA, false);
        awaitHeld(NODE_A, onBoth, false);
        if (twoNodes()) {
            awaitHeld(NODE_B, onBoth, false);
        }
    }

    @Test
    void aRoomIsHeardAgainWhenASocketReturnsAfterTheNodeLetGo() {
        assumeTrue(twoNodes(), "two nodes need Redis");
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.member(bob, roomId);
        try (Sock first = Sock.open(NODE_B, roomId, bob.token(), null)) {
            first.awaitType("presence");
        }
        awaitHeld(NODE_B, roomId, false);
        try (Sock onA = Sock.joined(roomId, alice.token());
             Sock again = Sock.open(NODE_B, roomId, bob.token(), null)) {
            again.awaitType("presence");
            assertTrue(channels(NODE_B).contains(channel(roomId)));
            JsonObject sent = Chat.say(alice, roomId, "after the return");
            JsonObject seen = again.await(f -> userMessage(f) && "after the return".equals(f.getString("content", "")), 20);
            assertEquals(sent.getJsonNumber("id").longValue(), seen.getJsonNumber("id").longValue());
        }
    }
}
