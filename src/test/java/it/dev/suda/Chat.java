package it.dev.suda;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Rooms, memberships and messages for the tests, over the same HTTP API as {@link Api}. */
public final class Chat {

    private Chat() {
    }

    public static JsonObject room(Api.Session owner) {
        Api.Reply reply = Api.post("/api/rooms", owner.token(), Json.createObjectBuilder().add("name", Api.unique("room ")).build());
        if (reply.status() != 201) {
            throw new IllegalStateException("create room: " + reply);
        }
        return reply.json();
    }

    public static long roomId(Api.Session owner) {
        return room(owner).getJsonNumber("id").longValue();
    }

    public static Api.Reply join(Api.Session who, long roomId) {
        return Api.post("/api/room-users/join", who.token(), Json.createObjectBuilder().add("roomId", roomId).build());
    }

    /** Joins and returns the membership id. */
    public static long member(Api.Session who, long roomId) {
        Api.Reply reply = join(who, roomId);
        if (reply.status() != 201 && reply.status() != 200) {
            throw new IllegalStateException("join: " + reply);
        }
        return reply.json().getJsonNumber("id").longValue();
    }

    /** The membership id of a user in a room, from the member list. */
    public static long membershipOf(Api.Session viewer, long roomId, long userId) {
        return Api.get("/api/room-users/" + roomId, viewer.token()).array().getValuesAs(JsonObject.class).stream()
                .filter(m -> m.getJsonNumber("userId").longValue() == userId)
                .findFirst().orElseThrow().getJsonNumber("id").longValue();
    }

    public static Api.Reply send(Api.Session who, long roomId, String content, String clientMsgId) {
        var body = Json.createObjectBuilder().add("roomId", roomId).add("content", content);
        if (clientMsgId != null) {
            body.add("clientMsgId", clientMsgId);
        }
        return Api.post("/api/messages", who.token(), body.build());
    }

    /** Posts, waiting out the send rate limit when a test posts many messages in a row. */
    public static JsonObject say(Api.Session who, long roomId, String content) {
        String clientMsgId = Api.unique("c");
        for (int attempt = 0; attempt < 50; attempt++) {
            Api.Reply reply = send(who, roomId, content, clientMsgId);
            if (reply.status() == 201 || reply.status() == 200) {
                return reply.json();
            }
            if (reply.status() != 429) {
                throw new IllegalStateException("post: " + reply);
            }
            sleep(200);
        }
        throw new IllegalStateException("still rate limited");
    }

    public static Api.Reply history(Api.Session who, long roomId, String query) {
        return Api.get("/api/rooms/" + roomId + "/messages" + (query == null ? "" : "?" + query), who.token());
    }

    /** The contents of a room's newest messages as the user sees them, newest first. */
    public static List<String> contents(Api.Session who, long roomId) {
        Api.Reply reply = history(who, roomId, "limit=200");
        if (reply.status() != 200) {
            throw new IllegalStateException("history: " + reply);
        }
        List<String> contents = new ArrayList<>();
        reply.json().getJsonArray("items").getValuesAs(JsonObject.class).forEach(m -> contents.add(m.getString("content")));
        return contents;
    }

    /**
     * A message without its createdAt: on MariaDB the stored time loses its milliseconds (EclipseLink takes
     * MariaDB's "5.5.5-10.x" version for MySQL 5.5, which has no fractional seconds), so the copy returned by
     * the POST and the copy read back may differ there.
     */
    public static JsonObject withoutTime(JsonObject message) {
        return Json.createObjectBuilder(message).remove("createdAt").build();
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
