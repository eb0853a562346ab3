package it.dev.suda.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import it.dev.suda.Sock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A room's voice channel over the room socket, as browsers use it: who is in voice, signals passed to the one
 * participant they name on whichever node that person is, the limits, and what moderation does to voice. With
 * Redis the build runs two nodes and the participants are spread over both; on the embedded default both "nodes"
 * are the one node.
 */
class VoiceIT {

    /** The second node when there is one (the build starts it with Redis), else the only node. */
    static final String OTHER = System.getProperty("suda.it.redis", "").startsWith("redis")
            ? System.getProperty("suda.url2", "http://127.0.0.1:9081") : Api.BASE;

    /**
     * The build waits for each node's server to be ready, not for the application in it: on a loaded machine the
     * second node's application can come up a minute later, and until then it answers 404.
     */
    @BeforeAll
    static void bothNodesServeTheApplication() {
        Api.awaitReady(OTHER);
    }

    // ---- frames ----

    private static JsonObject join() {
        return Json.createObjectBuilder().add("type", "voiceJoin").build();
    }

    private static JsonObject signal(long to, String sdp) {
        return Json.createObjectBuilder().add("type", "voiceSignal").add("to", to)
                .add("data", Json.createObjectBuilder().add("description",
                        Json.createObjectBuilder().add("type", "offer").add("sdp", sdp))).build();
    }

    private static JsonObject voiceMute(long userId, boolean muted) {
        return Json.createObjectBuilder().add("type", "voiceMute").add("userId", userId).add("muted", muted).build();
    }

    private static boolean is(JsonObject frame, String type) {
        return Sock.isType(frame, type);
    }

    private static long userId(JsonObject frame) {
        return frame.getJsonNumber("userId").longValue();
    }

    private static String sdpOf(JsonObject frame) {
        return frame.getJsonObject("data").getJsonObject("description").getString("sdp");
    }

    private static Set<Long> ids(JsonObject roster) {
        return roster.getJsonArray("participants").getValuesAs(JsonObject.class).stream()
                .map(VoiceIT::userId).collect(Collectors.toSet());
    }

    /**
     * Opens a socket on the given node and waits until the room knows it (presence, then who is in voice). A handshake
     * that times out on a machine this loaded is tried again, as a client would.
     */
    private static Sock open(String node, long roomId, Api.Session who) {
        Sock sock = null;
        for (int attempt = 1; sock == null; attempt++) {
            try {
                sock = Sock.open(node, roomId, who.token(), null);
            } catch (IllegalStateException timedOut) {
                if (attempt == 3) {
                    throw timedOut;
                }
            }
        }
        sock.awaitType("presence");
        sock.awaitType("voiceRoster");
        return sock;
    }

    /** Joins voice and returns the answer: the roster with the joiner's own place ({@code seq}). */
    private static JsonObject joinVoice(Sock sock) {
        sock.send(join());
        return sock.await(f -> is(f, "voiceRoster") && f.containsKey("seq"), 15);
    }

    private static JsonObject awaitError(Sock sock, String code) {
        return sock.await(f -> is(f, "error") && code.equals(f.getString("code", "")), 15);
    }

    private static JsonObject awaitLeft(Sock sock, long userId, String reason) {
        return sock.await(f -> is(f, "voiceLeft") && userId(f) == userId && reason.equals(f.getString("reason")), 15);
    }

    private static long membership(Api.Session owner, long roomId, Api.Session who) {
        return Chat.membershipOf(owner, roomId, who.id());
    }

    // ---- tests ----

    @Test
    void participantsSeeTheRosterAndASignalReachesOnlyTheParticipantItNamesOnTheOtherNode() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        Api.Session carol = Api.member();
        Api.Session dave = Api.member();
        long roomId = Chat.roomId(alice);
        try (Sock a = open(Api.BASE, roomId, alice); Sock b = open(OTHER, roomId, bob);
             Sock c = open(Api.BASE, roomId, carol); Sock d = open(OTHER, roomId, dave)) {
            JsonObject aliceIn = joinVoice(a);
            assertEquals(Set.of(alice.id()), ids(aliceIn));
            JsonObject bobIn = joinVoice(b);
            assertEquals(Set.of(alice.id(), bob.id()), ids(bobIn));
            assertTrue(bobIn.getJsonNumber("seq").longValue() > aliceIn.getJsonNumber("seq").longValue(), "later joiner, later place");
            assertEquals(8, bobIn.getInt("max"));
            JsonObject heard = a.await(f -> is(f, "voiceJoined") && userId(f) == bob.id(), 15);
            assertEquals(bob.display(), heard.getString("display"));
            assertFalse(heard.getBoolean("muted"));
            d.await(f -> is(f, "voiceJoined") && userId(f) == bob.id(), 15); // the whole room sees who is in voice
            joinVoice(c);

            a.send(signal(bob.id(), "offer for bob"));
            JsonObject toBob = b.await(f -> is(f, "voiceSignal"), 15);
            assertEquals(alice.id(), toBob.getJsonNumber("from").longValue());
            assertEquals("offer for bob", sdpOf(toBob), "passed on as it was sent");
            b.send(signal(alice.id(), "answer for alice"));
            assertEquals("answer for alice", sdpOf(a.await(f -> is(f, "voiceSignal"), 15)));

            // a later signal to carol arrives; the one for bob never did
            a.send(signal(carol.id(), "offer for carol"));
            assertEquals("offer for carol", sdpOf(c.await(f -> is(f, "voiceSignal"), 15)));
            assertTrue(c.seen().stream().noneMatch(f -> is(f, "voiceSignal")), "carol got only her own signal");
            assertTrue(d.seen().stream().noneMatch(f -> is(f, "voiceSignal")), "dave, not in voice, got no signal");

            d.send(signal(alice.id(), "not in voice yet"));
            assertEquals("voiceSignal", awaitError(d, "not_in_voice").getString("ref"));
            a.send(signal(dave.id(), "to someone not in voice"));
            awaitError(a, "not_in_voice");
        }
    }

    @Test
    void voiceHoldsAtMostMaxParticipantsAndTheNextIsToldItIsFull() {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        List<Sock> socks = new ArrayList<>();
        try {
            Sock first = open(Api.BASE, roomId, owner);
            socks.add(first);
            int max = joinVoice(first).getInt("max");
            for (int i = 1; i < max; i++) {
                Sock sock = open(i % 2 == 0 ? Api.BASE : OTHER, roomId, Api.member());
                socks.add(sock);
                assertEquals(i + 1, ids(joinVoice(sock)).size());
            }
            Sock late = open(OTHER, roomId, Api.member());
            socks.add(late);
            late.send(join());
            assertEquals("voiceJoin", awaitError(late, "voice_full").getString("ref"));
            late.sendMessage("still-here", "the socket stays usable");
            late.await(f -> is(f, "ack") && "still-here".equals(f.getString("clientMsgId")), 15);

            socks.get(1).send(Json.createObjectBuilder().add("type", "voiceLeave").build());
            late.await(f -> is(f, "voiceLeft"), 15);
            assertEquals(max, ids(joinVoice(late)).size(), "a place that came free can be taken");
        } finally {
            socks.forEach(Sock::close);
        }
    }

    @Test
    void signalsAreSizeLimitedAndRateLimitedAndTheSocketStaysUsable() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        try (Sock a = open(Api.BASE, roomId, alice); Sock b = open(OTHER, roomId, bob)) {
            joinVoice(a);
            joinVoice(b);
            a.send(signal(bob.id(), "x".repeat(20_000)));
            assertEquals("voiceSignal", awaitError(a, "too_long").getString("ref"));

            // far above the limit in one tight loop: the server's one-second window cannot pass them all
            String burst = signal(bob.id(), "burst").toString();
            for (int i = 0; i < 1_000; i++) {
                a.send(burst);
            }
            awaitError(a, "rate_limited");

            // still usable: once the window has passed, a signal goes through again
            long deadline = System.nanoTime() + 60_000_000_000L;
            boolean through = false;
            for (int round = 0; !through && System.nanoTime() < deadline; round++) {
                a.send(signal(bob.id(), "after the burst " + round));
                try {
                    b.await(f -> is(f, "voiceSignal") && sdpOf(f).startsWith("after the burst"), 2);
                    through = true;
                } catch (AssertionError notYet) {
                    // the window is still full; try again
                }
            }
            assertTrue(through, "a signal went through after the burst");
            assertFalse(a.isClosed());
        }
    }

    @Test
    void aMutedUserCannotJoinVoiceAndIsTakenOutOfItWhenMuted() {
        Api.Session owner = Api.member();
        Api.Session bob = Api.member();
        Api.Session carol = Api.member();
        long roomId = Chat.roomId(owner);
        Chat.member(bob, roomId);
        long bobs = membership(owner, roomId, bob);
        try (Sock o = open(Api.BASE, roomId, owner); Sock b = open(OTHER, roomId, bob);
             Sock c = open(OTHER, roomId, carol)) {
            joinVoice(o);
            joinVoice(c);
            assertEquals(200, Api.patch("/api/room-users/" + bobs + "/mute", owner.token(),
                    Json.createObjectBuilder().add("muted", true).add("reason", "quiet").build()).status());
            b.awaitType("muted");
            b.send(join());
            assertEquals("voiceJoin", awaitError(b, "muted").getString("ref"));

            assertEquals(200, Api.patch("/api/room-users/" + bobs + "/mute", owner.token(),
                    Json.createObjectBuilder().add("muted", false).build()).status());
            b.awaitType("unmuted");
            joinVoice(b);
            o.await(f -> is(f, "voiceJoined") && userId(f) == bob.id(), 15);

            assertEquals(200, Api.patch("/api/room-users/" + bobs + "/mute", owner.token(),
                    Json.createObjectBuilder().add("muted", true).add("reason", "again").build()).status());
            awaitLeft(o, bob.id(), "muted");
            awaitLeft(c, bob.id(), "muted");
            awaitLeft(b, bob.id(), "muted");
            c.send(signal(bob.id(), "to a muted user"));
            awaitError(c, "not_in_voice");
        }
    }

    @Test
    void kickAndBanTakeAUserOutOfVoiceOnEveryNodeAndAKickedUsersStaleSignalIsRefused() {
        Api.Session owner = Api.member();
        Api.Session bob = Api.member();
        Api.Session carol = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock o = open(Api.BASE, roomId, owner); Sock b = open(OTHER, roomId, bob);
             Sock c = open(Api.BASE, roomId, carol)) {
            joinVoice(o);
            joinVoice(b);
            joinVoice(c);
            o.send(Json.createObjectBuilder().add("type", "kickUser").add("userId", bob.id()).add("reason", "out").build());
            awaitLeft(o, bob.id(), "kicked");
            awaitLeft(c, bob.id(), "kicked");
            b.awaitType("kicked");
            assertTrue(b.awaitClose(15).startsWith("1008"));

            // kicked, bob may come back to the room, but the place in voice is gone: its signals are refused
            try (Sock again = Sock.open(OTHER, roomId, bob.token(), null)) {
                again.awaitType("presence");
                assertFalse(ids(again.awaitType("voiceRoster")).contains(bob.id()), "bob is no longer in voice");
                again.send(signal(carol.id(), "stale offer"));
                assertEquals("voiceSignal", awaitError(again, "not_in_voice").getString("ref"));
                o.send(signal(carol.id(), "fresh offer"));
                assertEquals("fresh offer", sdpOf(c.await(f -> is(f, "voiceSignal"), 15)));
                assertTrue(c.seen().stream().noneMatch(f -> is(f, "voiceSignal")), "the stale signal never reached carol");
            }

            o.send(Json.createObjectBuilder().add("type", "banUser").add("userId", carol.id()).add("reason", "gone").build());
            awaitLeft(o, carol.id(), "banned");
            c.awaitType("banned");
            try (Sock check = Sock.open(OTHER, roomId, Api.member().token(), null)) {
                check.awaitType("presence");
                assertEquals(Set.of(owner.id()), ids(check.awaitType("voiceRoster")), "only the owner is left in voice");
            }
        }
    }

    @Test
    void anOwnerServerMutesASpeakerForEveryoneAndTheMuteIsAudited() {
        Api.Session owner = Api.member();
        Api.Session bob = Api.member();
        Api.Session carol = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock o = open(Api.BASE, roomId, owner); Sock b = open(OTHER, roomId, bob);
             Sock c = open(Api.BASE, roomId, carol)) {
            joinVoice(o);
            joinVoice(b);
            joinVoice(c);
            o.send(voiceMute(bob.id(), true));
            for (Sock everyone : List.of(o, b, c)) {
                everyone.await(f -> is(f, "voiceRoster") && !f.containsKey("seq") && f.getJsonArray("participants")
                        .getValuesAs(JsonObject.class).stream().anyMatch(p -> userId(p) == bob.id() && p.getBoolean("muted")), 15);
            }
            c.send(voiceMute(owner.id(), true));
            assertEquals("voiceMute", awaitError(c, "not_allowed").getString("ref"));

            JsonObject entry = Api.get("/api/rooms/" + roomId + "/audit", owner.token()).array()
                    .getValuesAs(JsonObject.class).stream().filter(e -> "VOICE_MUTE".equals(e.getString("action")))
                    .findFirst().orElseThrow(() -> new AssertionError("no VOICE_MUTE in the room's audit log"));
            assertEquals(bob.id(), entry.getJsonNumber("targetId").longValue());
            assertEquals(owner.id(), entry.getJsonNumber("actorId").longValue());

            o.send(voiceMute(bob.id(), false));
            c.await(f -> is(f, "voiceRoster") && !f.containsKey("seq") && f.getJsonArray("participants")
                    .getValuesAs(JsonObject.class).stream().anyMatch(p -> userId(p) == bob.id() && !p.getBoolean("muted")), 15);
            assertTrue(Api.get("/api/rooms/" + roomId + "/audit", owner.token()).array().getValuesAs(JsonObject.class)
                    .stream().anyMatch(e -> "VOICE_UNMUTE".equals(e.getString("action"))));
        }
    }

    /**
     * A place lapses unless the node holding its socket renews it (so that a crashed node leaves no ghosts): a place
     * whose socket stays open outlives that lifetime (VOICE_SEAT_TTL_SECONDS, 30 s by default) on both nodes.
     */
    @Test
    void aPlaceInVoiceLastsAsLongAsItsSocketStaysOpen() {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        try (Sock a = open(Api.BASE, roomId, alice); Sock b = open(OTHER, roomId, bob)) {
            joinVoice(a);
            joinVoice(b);
            Chat.sleep(35_000);   // past the 30 s lifetime the test servers keep by default
            try (Sock look = Sock.open(Api.BASE, roomId, Api.member().token(), null)) {
                look.awaitType("presence");
                assertEquals(Set.of(alice.id(), bob.id()), ids(look.awaitType("voiceRoster")), "both still in voice");
            }
            a.send(signal(bob.id(), "still here"));
            assertEquals("still here", sdpOf(b.await(f -> is(f, "voiceSignal"), 15)));
            assertTrue(a.seen().stream().noneMatch(f -> is(f, "voiceLeft")), "nobody was taken out of voice");
        }
    }

    @Test
    void leavingTheRoomOverRestOrClosingTheLastSocketLeavesVoice() {
        Api.Session owner = Api.member();
        Api.Session bob = Api.member();
        Api.Session carol = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock o = open(Api.BASE, roomId, owner); Sock b = open(OTHER, roomId, bob)) {
            joinVoice(o);
            joinVoice(b);
            assertEquals(204, Api.delete("/api/room-users/leave?roomId=" + roomId, bob.token()).status());
            awaitLeft(o, bob.id(), "left");

            Sock c = open(OTHER, roomId, carol);
            joinVoice(c);
            o.await(f -> is(f, "voiceJoined") && userId(f) == carol.id(), 15);
            c.close();
            awaitLeft(o, carol.id(), "left");

            Sock again = open(Api.BASE, roomId, carol);
            joinVoice(again);
            again.send(Json.createObjectBuilder().add("type", "leaveRoom").build());
            awaitLeft(o, carol.id(), "left");
            again.close();
        }
    }
}
