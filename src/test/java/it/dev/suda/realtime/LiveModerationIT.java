package it.dev.suda.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import it.dev.suda.Sock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LiveModerationIT {

    @Test
    void aBanOverTheSocketClosesTheTargetAndKeepsItOut() {
        Api.Session owner = Api.member();
        Api.Session target = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock boss = Sock.joined(roomId, owner.token()); Sock victim = Sock.joined(roomId, target.token())) {
            boss.send(Json.createObjectBuilder().add("type", "banUser").add("userId", target.id()).add("reason", "광고").build());
            JsonObject banned = victim.awaitType("banned");
            assertEquals("광고", banned.getString("reason"));
            assertTrue(victim.awaitClose(10).startsWith("1008"));
            JsonObject notice = boss.await(f -> Sock.isType(f, "system") && "ban".equals(f.getString("kind")), 10);
            assertEquals(target.id(), notice.getJsonNumber("userId").longValue());
        }
        assertEquals(403, assertThrows(Sock.Refused.class, () -> Sock.open(roomId, target.token())).status);
    }

    @Test
    void aBanWhileTheTargetIsJoiningTakesHold() throws Exception {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock boss = Sock.joined(roomId, owner.token())) {
            // the target's first socket joins the room as the ban arrives: the ban must wait for the join, not fail, and
            // a socket that joined just before the ban must close even if the ban's close went out before it was added
            for (int round = 0; round < 30; round++) {
                Api.Session target = Api.member();
                CompletableFuture<Sock> joining = CompletableFuture.supplyAsync(() -> Sock.open(roomId, target.token()));
                boss.send(Json.createObjectBuilder().add("type", "banUser").add("userId", target.id()).add("reason", "race").build());
                JsonObject outcome = boss.await(f -> Sock.isType(f, "system") && "ban".equals(f.getString("kind"))
                        && f.getJsonNumber("userId").longValue() == target.id() || Sock.isType(f, "error"), 10);
                assertEquals("system", outcome.getString("type"), outcome.toString());
                try (Sock victim = joining.get(10, TimeUnit.SECONDS)) {
                    victim.awaitClose(10);
                } catch (ExecutionException refused) {
                    assertEquals(403, ((Sock.Refused) refused.getCause()).status);
                }
                assertEquals(403, assertThrows(Sock.Refused.class, () -> Sock.open(roomId, target.token())).status);
            }
        }
    }

    @Test
    void aBanOverRestHasTheSameLiveEffect() {
        Api.Session owner = Api.member();
        Api.Session target = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock victim = Sock.joined(roomId, target.token())) {
            long membership = Chat.membershipOf(owner, roomId, target.id());
            Api.Reply reply = Api.patch("/api/room-users/" + membership + "/ban", owner.token(),
                    Json.createObjectBuilder().add("banned", true).add("reason", "rest ban").build());
            assertEquals(200, reply.status(), reply.body());
            victim.awaitType("banned");
            victim.awaitClose(10);
        }
    }

    @Test
    void aKickClosesTheSocketButTheUserMayComeBack() {
        Api.Session owner = Api.member();
        Api.Session target = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock boss = Sock.joined(roomId, owner.token()); Sock victim = Sock.joined(roomId, target.token())) {
            boss.send(Json.createObjectBuilder().add("type", "kickUser").add("userId", target.id()).add("reason", "cool down").build());
            victim.awaitType("kicked");
            assertTrue(victim.awaitClose(10).startsWith("1008"));
        }
        try (Sock back = Sock.joined(roomId, target.token())) {
            back.sendMessage("back-1", "I'm back");
            back.awaitType("ack");
        }
    }

    @Test
    void aMutedUserIsToldCannotSendAndSpeaksAgainWhenTheMuteRunsOut() {
        Api.Session owner = Api.member();
        Api.Session target = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock boss = Sock.joined(roomId, owner.token()); Sock muted = Sock.joined(roomId, target.token())) {
            boss.send(Json.createObjectBuilder().add("type", "muteUser").add("userId", target.id())
                    .add("reason", "calm").add("minutes", 0.05).build());
            JsonObject notice = muted.awaitType("muted");
            assertTrue(notice.getString("until").startsWith("20"), notice.toString());
            muted.sendMessage("m-1", "can I talk?");
            JsonObject error = muted.awaitType("error");
            assertEquals("muted", error.getString("code"));
            assertEquals("m-1", error.getString("ref"));
            Chat.sleep(3500);
            muted.sendMessage("m-2", "now I can");
            assertEquals("m-2", muted.awaitType("ack").getString("clientMsgId"));
        }
    }

    @Test
    void aMemberCannotModerateAndNothingChanges() {
        Api.Session owner = Api.member();
        Api.Session member = Api.member();
        long roomId = Chat.roomId(owner);
        try (Sock boss = Sock.joined(roomId, owner.token()); Sock sock = Sock.joined(roomId, member.token())) {
            sock.send(Json.createObjectBuilder().add("type", "banUser").add("userId", owner.id()).build());
            assertEquals("banUser", sock.awaitType("error").getString("ref"));
            boss.sendMessage("still-here", "still here");
            boss.awaitType("ack");
        }
    }

    @Test
    void personalMutesFilterTheLiveFeedOfTheMuterOnly() {
        Api.Session owner = Api.member();
        Api.Session noisy = Api.member();
        Api.Session other = Api.member();
        long roomId = Chat.roomId(owner);
        assertEquals(204, Api.call("PUT", "/api/me/mutes/" + noisy.id(), owner.token(), null).status());
        try (Sock muter = Sock.joined(roomId, owner.token()); Sock loud = Sock.joined(roomId, noisy.token());
             Sock third = Sock.joined(roomId, other.token())) {
            loud.sendMessage("n-1", "noise");
            third.await(f -> Sock.isType(f, "message") && "noise".equals(f.getString("content")), 10);
            other.token();
            third.send(Json.createObjectBuilder().add("type", "sendMessage").add("clientMsgId", "o-1").add("content", "signal").build());
            JsonObject next = muter.await(f -> Sock.isType(f, "message") && "USER".equals(f.getString("kind")), 10);
            assertEquals("signal", next.getString("content"), "the muted sender's message never arrived");
        }
    }

    @Test
    void aSiteBanClosesEverySocketOfTheUser() {
        Api.Session owner = Api.member();
        Api.Session target = Api.member();
        long roomA = Chat.roomId(owner);
        long roomB = Chat.roomId(owner);
        try (Sock a = Sock.joined(roomA, target.token()); Sock b = Sock.joined(roomB, target.token())) {
            Api.patch("/api/users/" + target.id() + "/ban", Api.admin().token(),
                    Json.createObjectBuilder().add("banned", true).add("reason", "site").build());
            a.awaitType("banned");
            b.awaitType("banned");
            a.awaitClose(10);
            b.awaitClose(10);
        }
    }
}
