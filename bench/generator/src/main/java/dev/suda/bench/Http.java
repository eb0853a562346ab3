package dev.suda.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Suda's REST API, as much of it as the benchmark needs: guests, rooms, joins, posts, history. */
final class Http {

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern USER_ID = Pattern.compile("\"user\"\\s*:\\s*\\{[^}]*?\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    record Guest(long userId, String token) {
    }

    record Reply(int status, String body) {
    }

    final String base;
    private final HttpClient client;

    Http(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    Reply call(String method, String path, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    Reply expect(String method, String path, String token, String json, int... ok) throws IOException, InterruptedException {
        Reply reply = call(method, path, token, json);
        for (int status : ok) {
            if (reply.status() == status) {
                return reply;
            }
        }
        throw new IOException(method + " " + path + " answered " + reply.status() + ": " + reply.body());
    }

    Guest guest(String nickname) throws IOException, InterruptedException {
        String body = expect("POST", "/api/auth/guest", null, "{\"nickname\":\"" + nickname + "\"}", 200).body();
        return new Guest(Long.parseLong(group(USER_ID, body)), group(TOKEN, body));
    }

    long createRoom(String token, String name) throws IOException, InterruptedException {
        return Long.parseLong(group(ID, expect("POST", "/api/rooms", token, "{\"name\":\"" + name + "\"}", 201).body()));
    }

    void join(String token, long roomId) throws IOException, InterruptedException {
        expect("POST", "/api/room-users/join", token, "{\"roomId\":" + roomId + "}", 200, 201);
    }

    static String group(Pattern pattern, String body) throws IOException {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IOException("no " + pattern + " in " + body);
        }
        return m.group(1);
    }
}
