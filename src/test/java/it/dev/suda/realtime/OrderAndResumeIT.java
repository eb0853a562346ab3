package it.dev.suda.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import it.dev.suda.Sock;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrderAndResumeIT {

    private static List<Long> userMessageIds(List<JsonObject> frames) {
        return frames.stream().filter(f -> "message".equals(f.getString("type", "")) && "USER".equals(f.getString("kind")))
                .map(f -> f.getJsonNumber("id").longValue()).toList();
    }

    /** Every user message of the room, oldest first, from the history API. */
    private static List<Long> committed(Api.Session reader, long roomId) {
        List<Long> ids = new ArrayList<>();
        String query = "limit=200";
        while (true) {
            JsonObject page = Chat.history(reader, roomId, query).json();
            page.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(m -> "USER".equals(m.getString("kind")))
                    .forEach(m -> ids.add(0, m.getJsonNumber("id").longValue()));
            if (page.isNull("nextBefore")) {
                return ids;
            }
            query = "limit=200&before=" + page.getJsonNumber("nextBefore").longValue();
        }
    }

    /** Senders on their own threads, each a few messages a second (under the rate limit), for a bounded time. */
    private static List<Future<Integer>> sendConcurrently(ExecutorService pool, List<Api.Session> senders, long roomId, int each) {
        List<Future<Integer>> sent = new ArrayList<>();
        for (Api.Session sender : senders) {
            sent.add(pool.submit(() -> {
                try (Sock sock = Sock.joined(roomId, sender.token())) {
                    for (int i = 0; i < each; i++) {
                        sock.sendMessage(sender.id() + "-" + i, "from " + sender.id() + " #" + i);
                        sock.awaitType("ack");
                        Thread.sleep(150);
                    }
                    return each;
                }
            }));
        }
        return sent;
    }

    @Test
    void everyoneSeesTheSameMessagesInIdOrder() throws Exception {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        List<Api.Session> senders = List.of(Api.member(), Api.member(), Api.member(), Api.member());
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        try (Sock first = Sock.joined(roomId, owner.token()); Sock second = Sock.joined(roomId, Api.guest("관객").token())) {
            for (Future<Integer> f : sendConcurrently(pool, senders, roomId, 15)) {
                f.get(60, TimeUnit.SECONDS);
            }
            List<Long> expected = committed(owner, roomId);
            assertEquals(60, expected.size());
            List<Long> a = userMessageIds(first.collect("message", 60 + 20, 10));
            List<Long> b = userMessageIds(second.collect("message", 60 + 20, 10));
            assertEquals(expected, a, "first client: every message once, in id order");
            assertEquals(expected, b, "second client: the same order");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClientThatResumesGetsExactlyWhatItMissedWhileOthersKeepSending() throws Exception {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        List<Api.Session> senders = List.of(Api.member(), Api.member(), Api.member());
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        List<Long> received = new ArrayList<>();
        try {
            Sock reader = Sock.joined(roomId, owner.token());
            List<Future<Integer>> sending = sendConcurrently(pool, senders, roomId, 20);
            received.addAll(userMessageIds(reader.collect("message", 10, 20)));
            reader.drop();
            Chat.sleep(700);
            long lastSeen = received.get(received.size() - 1);
            try (Sock again = Sock.open(Api.BASE, roomId, owner.token(), "after=" + lastSeen)) {
                for (Future<Integer> f : sending) {
                    f.get(60, TimeUnit.SECONDS);
                }
                received.addAll(userMessageIds(again.collect("message", 200, 8)));
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> expected = committed(owner, roomId);
        assertEquals(60, expected.size());
        assertEquals(expected, received, "no gap, no duplicate, in order across the reconnect");
        assertTrue(received.size() == received.stream().distinct().count());
    }

    @Test
    void aResumeFrameOnAnOpenSocketReplaysFromTheGivenId() {
        Api.Session owner = Api.member();
        long roomId = Chat.roomId(owner);
        for (int i = 0; i < 5; i++) {
            Chat.send(owner, roomId, "old " + i, "old-" + i);
        }
        List<Long> all = committed(owner, roomId);
        try (Sock sock = Sock.joined(roomId, owner.token())) {
            sock.send("{\"type\":\"resume\",\"afterId\":" + all.get(1) + "}");
            List<Long> replayed = userMessageIds(sock.collect("message", 10, 3));
            assertEquals(all.subList(2, 5), replayed);
        }
    }
}
