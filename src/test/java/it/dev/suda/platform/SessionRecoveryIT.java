package it.dev.suda.platform;

import static it.dev.suda.Api.PASSWORD;
import static it.dev.suda.Api.call;
import static it.dev.suda.Api.get;
import static it.dev.suda.Api.login;
import static it.dev.suda.Api.member;
import static it.dev.suda.Api.patch;
import static it.dev.suda.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import it.dev.suda.Sock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Redis loses its data (a restart without persistence, a failover, FLUSHALL): here the keys of this test run's own
 * namespace are deleted, never anything else in the shared Redis. Everything Redis held for Suda comes back by itself:
 * sessions, room bans and mutes with their expiry, personal mutes, login throttles and presence; and a session that
 * was logged out or site-banned stays refused.
 */
class SessionRecoveryIT {

    private static final String REDIS = System.getProperty("suda.it.redis", "");
    private static final String NODE_B = System.getProperty("suda.url2", "http://127.0.0.1:9081");
    private static final String NAMESPACE = System.getenv().getOrDefault("REDIS_NAMESPACE", "suda");
    /** Bounded waits for what a node rebuilds in the background (it notices a loss within about a second). */
    private static final int WAIT_SECONDS = 60;

    @BeforeAll
    static void needsRedis() {
        assumeTrue(REDIS.startsWith("redis"), "Redis is not used on the embedded default: nothing to lose");
    }

    /** The masters of the Redis Cluster the nodes use (REDIS_CLUSTER), or none on a single Redis. */
    private static final List<String> CLUSTER = System.getenv().getOrDefault("REDIS_CLUSTER", "").isBlank() ? List.of()
            : List.of(System.getenv("REDIS_CLUSTER").split(","));

    /** Deletes every key of this run's namespace (SCAN + DEL), as a Redis that lost its data would have them. */
    static int loseRedisData() {
        int deleted = 0;
        if (CLUSTER.isEmpty()) {
            try (RedisClient redis = RedisClient.create(java.net.URI.create(REDIS))) {
                deleted = deleteNamespace(redis);
            }
        } else {
            // each master holds its own slots' keys; one key per DEL, as keys of several slots cannot go together
            for (String node : CLUSTER) {
                try (RedisClient redis = RedisClient.create(java.net.URI.create("redis://" + node.trim()))) {
                    deleted += deleteNamespace(redis);
                }
            }
        }
        assertTrue(deleted > 0, "this run's namespace " + NAMESPACE + " held keys to lose");
        return deleted;
    }

    private static int deleteNamespace(RedisClient redis) {
        String pattern = NAMESPACE.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + ":*";
        ScanParams params = new ScanParams().match(pattern).count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        int deleted = 0;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            for (String key : page.getResult()) {
                deleted += (int) redis.del(key);
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return deleted;
    }

    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + WAIT_SECONDS + " s");
            }
            Chat.sleep(200);
        }
    }

    private static void assertSessionEnded(Api.Reply reply) {
        assertEquals(401, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        assertEquals("session_ended", reply.json().getString("code"), reply.body());
    }

    @Test
    void sessionsOutliveALossOfRedisWhileEndedOnesStayRefused() {
        Api.Session alice = member();
        Api.Session guest = Api.guest(Api.unique("손님"));
        Api.Session leaver = member();
        Api.Session banned = member();
        long room = Chat.roomId(alice);
        Chat.join(leaver, room);
        assertEquals(204, post("/api/auth/logout", leaver.token(), null).status());
        Api.Reply ban = patch("/api/users/" + banned.id() + "/ban", Api.admin().token(),
                Json.createObjectBuilder().add("banned", true).add("reason", "spam").build());
        assertEquals(200, ban.status(), ban.body());
        assertSessionEnded(get("/api/auth/me", leaver.token()));

        loseRedisData();

        Api.Reply me = get("/api/auth/me", alice.token());
        assertEquals(200, me.status(), me.body());
        assertEquals(alice.id(), me.json().getJsonNumber("id").longValue());
        assertEquals(200, get("/api/auth/me", guest.token()).status(), "a guest stays signed in too");
        try (Sock socket = Sock.open(room, alice.token())) {
            assertNotNull(socket.awaitType("presence"), "the socket handshake accepts the session");
        }
        assertSessionEnded(get("/api/auth/me", leaver.token()));
        assertSessionEnded(get("/api/auth/me", banned.token()));
        // the room exists: the socket is refused for the ended session (401), not for a missing room (404)
        Sock.Refused refused = assertThrows(Sock.Refused.class, () -> Sock.open(room, leaver.token()).close());
        assertEquals(401, refused.status);

        loseRedisData();
        assertSessionEnded(get("/api/auth/me", leaver.token()));
        assertEquals(200, get("/api/auth/me", alice.token()).status(), "a second loss changes nothing either");
    }

    @Test
    void roomBansAndMutesWithTheirExpiryComeBack() {
        Api.Session owner = member();
        Api.Session troll = member();
        Api.Session loud = member();
        long room = Chat.roomId(owner);
        long trollMembership = Chat.member(troll, room);
        long loudMembership = Chat.member(loud, room);
        Api.Reply banned = patch("/api/room-users/" + trollMembership + "/ban", owner.token(),
                Json.createObjectBuilder().add("banned", true).add("reason", "trolling").build());
        assertEquals(200, banned.status(), banned.body());
        Api.Reply muted = patch("/api/room-users/" + loudMembership + "/mute", owner.token(),
                Json.createObjectBuilder().add("muted", true).add("reason", "shouting").add("minutes", 30).build());
        assertEquals(200, muted.status(), muted.body());
        String mutedUntil = muted.json().getString("mutedUntil");

        loseRedisData();

        eventually("the muted member is refused again", () -> Chat.send(loud, room, "HELLO", Api.unique("c")).status() == 403);
        Api.Reply refused = Chat.send(loud, room, "HELLO AGAIN", Api.unique("c"));
        assertEquals(403, refused.status(), refused.body());
        assertEquals("muted", refused.json().getString("code"));
        assertTrue(refused.json().getString("detail").contains(mutedUntil.substring(0, 16)),
                "the mute keeps its end: " + refused.body() + " vs " + mutedUntil);
        Api.Reply rejoin = Chat.join(troll, room);
        assertEquals(403, rejoin.status(), rejoin.body());
        assertEquals("banned", rejoin.json().getString("code"));
        Sock.Refused socket = assertThrows(Sock.Refused.class, () -> Sock.open(room, troll.token()).close());
        assertEquals(403, socket.status);
        assertEquals(201, Chat.send(owner, room, "calm again", Api.unique("c")).status(), "others still post");
    }

    @Test
    void personalMutesHoldAfterALossOfRedis() {
        Api.Session listener = member();
        Api.Session bore = member();
        Api.Session friend = member();
        long room = Chat.roomId(listener);
        Chat.join(bore, room);
        Chat.join(friend, room);
        assertEquals(204, call("PUT", "/api/me/mutes/" + bore.id(), listener.token(), null).status());

        loseRedisData();

        try (Sock socket = Sock.open(room, listener.token())) {
            socket.awaitType("presence");
            Chat.say(bore, room, "a long boring story");
            String friendly = Api.unique("hello ");
            Chat.say(friend, room, friendly);
            socket.await(f -> Sock.isType(f, "message") && friendly.equals(f.getString("content")), 30);
            assertFalse(socket.seen().stream().anyMatch(f -> Sock.isType(f, "message")
                    && f.getJsonObject("sender").getJsonNumber("id").longValue() == bore.id()), "the muted user's message stays hidden live");
        }
        assertFalse(Chat.contents(listener, room).contains("a long boring story"), "and in history");
        assertEquals(1, get("/api/me/mutes", listener.token()).array().size());
    }

    @Test
    void aThrottledLoginStaysThrottled() {
        String name = Api.unique("t");
        String email = name + "@example.test";
        assertEquals(201, Api.register(email, name, PASSWORD).status());
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login(email, "wrong password " + i).status());
        }
        Api.Reply throttled = login(email, PASSWORD);
        assertEquals(429, throttled.status(), throttled.body());

        loseRedisData();

        Api.Reply still = login(email, PASSWORD);
        assertEquals(429, still.status(), still.body());
        assertEquals("login_throttled", still.json().getString("code"));
    }

    @Test
    void presenceComesBackByItself() {
        Api.Session owner = member();
        Api.Session visitor = member();
        long room = Chat.roomId(owner);
        Chat.join(visitor, room);
        try (Sock first = Sock.open(room, owner.token()); Sock second = Sock.open(NODE_B, room, visitor.token(), null)) {
            first.awaitType("presence");
            second.awaitType("presence");
            eventually("both are online", () -> onlineCount(owner, room) == 2);

            loseRedisData();

            eventually("both are online again, one socket on each node", () -> onlineCount(owner, room) == 2);
            JsonObject members = Json.createObjectBuilder().add("all",
                    get("/api/room-users/" + room, owner.token()).array()).build();
            assertTrue(members.getJsonArray("all").getValuesAs(JsonObject.class).stream().allMatch(m -> m.getBoolean("online")),
                    members.toString());
        }
    }

    private static int onlineCount(Api.Session viewer, long room) {
        Api.Reply reply = get("/api/rooms/" + room, viewer.token());
        return reply.status() == 200 ? reply.json().getInt("onlineCount") : -1;
    }

    /**
     * What the session check costs on the request path: GET /api/auth/me with the session found in Redis, and with
     * it missing (read from the database and written back). Prints the figures; no timed assertion.
     */
    @Test
    void measureTheSessionCheckOnAHitAndOnAMiss() {
        Api.Session alice = member();
        String sessionKey = NAMESPACE + ":session:{" + sessionIdOf(alice.token()) + "}";   // the session's own hash tag
        int rounds = 300;
        List<Long> hits = new ArrayList<>();
        List<Long> misses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            get("/api/auth/me", alice.token());
        }
        try (RedisClient redis = holderOf(sessionKey)) {
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                assertEquals(200, get("/api/auth/me", alice.token()).status());
                hits.add(System.nanoTime() - start);
                assertTrue(redis.exists(sessionKey), "the miss wrote the session back");
                redis.del(sessionKey);
                start = System.nanoTime();
                assertEquals(200, get("/api/auth/me", alice.token()).status());
                misses.add(System.nanoTime() - start);
            }
        }
        System.out.printf("GET /api/auth/me, %d rounds: session in Redis p50 %.2f ms p99 %.2f ms; "
                        + "not in Redis (read from the database, written back) p50 %.2f ms p99 %.2f ms%n",
                rounds, percentile(hits, 50), percentile(hits, 99), percentile(misses, 50), percentile(misses, 99));
    }

    /**
     * A connection to where the nodes keep this key: the single Redis, or on a Redis Cluster the master that owns its
     * slot (the others answer MOVED).
     */
    private static RedisClient holderOf(String key) {
        if (CLUSTER.isEmpty()) {
            return RedisClient.create(java.net.URI.create(REDIS));
        }
        for (String node : CLUSTER) {
            RedisClient redis = RedisClient.create(java.net.URI.create("redis://" + node.trim()));
            try {
                redis.exists(key);
                return redis;
            } catch (RuntimeException moved) {
                redis.close();
            }
        }
        throw new IllegalStateException("no master of " + CLUSTER + " holds " + key);
    }

    private static double percentile(List<Long> nanos, int percent) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
        return sorted.get(index) / 1e6;
    }

    private static String sessionIdOf(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        try (var reader = Json.createReader(new java.io.StringReader(payload))) {
            return reader.readObject().getString("sid");
        }
    }
}
