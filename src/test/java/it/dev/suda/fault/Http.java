package it.dev.suda.fault;

import it.dev.suda.Api;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The REST API of one fault node, as any HTTP client calls it; a node that does not answer gives status -1. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static Api.Reply call(String base, String method, String path, String token, JsonObject body) {
        return call(base, method, path, token, body, Duration.ofSeconds(40));
    }

    /** A call that gives up after {@code timeout} (status -1), for probes that must not hold up a bounded outage. */
    static Api.Reply call(String base, String method, String path, String token, JsonObject body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json; charset=UTF-8");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Api.Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            return new Api.Reply(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Api.Reply get(String base, String path, String token) {
        return call(base, "GET", path, token, null);
    }

    static Api.Reply post(String base, String path, String token, JsonObject body) {
        return call(base, "POST", path, token, body);
    }

    static Api.Reply patch(String base, String path, String token, JsonObject body) {
        return call(base, "PATCH", path, token, body);
    }

    /** The problem's code, or "" when the body is not problem JSON with one. */
    static String code(Api.Reply reply) {
        if (!reply.contentType().startsWith("application/problem+json")) {
            return "";
        }
        try {
            return reply.json().getString("code", "");
        } catch (RuntimeException notJson) {
            return "";
        }
    }
}
