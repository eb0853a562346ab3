package it.dev.suda.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import it.dev.suda.Sock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Liberty nodes on one database and one Redis: what happens on one reaches sockets on the other.
 * The build starts the second node; on the embedded default (no Redis) there is only one node to test.
 */
class MultiNodeIT {

    static final String NODE_B = System.getProperty("suda.url2", "http://127.0.0.1:9081");

    @BeforeAll
    static void onlyWithSharedServices() {
        assumeTrue(System.getProperty("suda.it.redis", "").startsWith("redis"),
                "several nodes need Redis; the embedded default runs one node");
    }

    private static boolean userMessage(JsonObject f) {
        return "message".equals(f.getString("type", "")) && "USER".equals(f.getString("kind"));
    }

    @Test
    void messagesSentOnEitherNodeReachBothInTheSameOrder() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        try (Sock onA = Sock.joined(roomId, alice.token());
             Sock onB = Sock.open(NODE_B, roomId, bob.token(), null)) {
            onB.awaitType("presence");
            for (int i = 0; i < 10; i++) {
                onA.sendMessage("a" + i, "from A " + i);
                onB.sendMessage("b" + i, "from B " + i);
                Chat.sleep(120);
            }
            List<Long> seenOnA = onA.collect("message", 40, 10).stream().filter(MultiNodeIT::userMessage)
                    .map(f -> f.getJsonNumber("id").longValue()).toList();
            List<Long> seenOnB = onB.collect("message", 40, 10).stream().filter(MultiNodeIT::userMessage)
                    .map(f -> f.getJsonNumber("id").longValue()).toList();
            assertEquals(20, seenOnA.size(), "node A saw every message");
            assertEquals(seenOnA, seenOnB, "both nodes delivered the same messages in the same order");
            assertEquals(seenOnA.stream().sorted().toList(), seenOnA, "in id order");
        }
    }

    @Test
    void aBanIssuedOnOneNodeClosesTheSocketOnTheOther() {
        Api.Session owner = Api.member();
        Api.Session target = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock boss = Sock.joined(roomId, owner.token());
             Sock victim = Sock.open(NODE_B, roomId, target.token(), null)) {
            victim.awaitType("presence");
            boss.send(Json.createObjectBuilder().add("type", "banUser").add("userId", target.id()).add("reason", "cross-node").build());
            assertEquals("cross-node", victim.awaitType("banned").getString("reason"));
            assertTrue(victim.awaitClose(10).startsWith("1008"));
        }
    }

    @Test
    void presenceCountsSocketsOnBothNodes() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        try (Sock onA = Sock.joined(roomId, alice.token());
             Sock onB = Sock.open(NODE_B, roomId, bob.token(), null)) {
            onA.await(f -> "presence".equals(f.getString("type", "")) && f.getInt("online") == 2, 10);
            assertEquals(2, Api.get("/api/rooms/" + roomId, alice.token()).json().getInt("onlineCount"));
        }
    }

    /**
     * A reload that lands on the other node (its socket closes on one, opens on the other) is neither a leave nor a
     * join; when the last socket closes for good, the room hears "left" once, whichever node says it.
     */
    @Test
    void aSocketThatComesBackOnTheOtherNodeIsNoLeaveAndNoJoin() {
        Api.Session owner = Api.member();
        Api.Session mover = Api.member();
        long roomId = Chat.roomId(owner);
        Chat.member(mover, roomId);
        String left = mover.display() + " left";
        String joined = mover.display() + " joined";
        try (Sock onA = Sock.joined(roomId, mover.token())) {
            onA.sendMessage("on-a", "on A");
            onA.awaitType("ack");
        }
        try (Sock onB = Sock.open(NODE_B, roomId, mover.token(), null)) {
            onB.sendMessage("on-b", "on B");
            onB.awaitType("ack");
            Chat.sleep(14_000);   // past the grace period (10 s) that node A waited before its "left"
            assertEquals(List.of(joined), about(owner, roomId, mover), "moving to node B said nothing");
        }
        for (int i = 0; i < 400 && !about(owner, roomId, mover).contains(left); i++) {
            Chat.sleep(100);
        }
        Chat.sleep(2_000);   // a second "left" (from node A too) would come now
        assertEquals(List.of(left, joined), about(owner, roomId, mover), "leaving said once");
    }

    /** The room's system messages about someone, newest first. */
    private static List<String> about(Api.Session reader, long roomId, Api.Session who) {
        return Chat.contents(reader, roomId).stream().filter(c -> c.startsWith(who.display() + " ")).toList();
    }
}
