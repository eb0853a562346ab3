package it.dev.suda;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** A black-box client of a running Suda, as any HTTP client would use it. */
public final class Api {

    public static final String BASE = System.getProperty("suda.url",
            "http://127.0.0.1:" + System.getenv().getOrDefault("HTTP_PORT", "9080"));
    public static final String PASSWORD = "correct horse battery";

    /**
     * The client address this test run appears to come from: Liberty trusts X-Forwarded-For from loopback, so
     * each run gets its own address and login throttling of one run never spills into the next.
     */
    public static final String ADDRESS = randomAddress();
    public static final String ADDRESS_PREFIX = ADDRESS.substring(0, ADDRESS.indexOf('.', ADDRESS.indexOf('.') + 1));

    // HTTP/1.1, as browsers speak to Suda: with the default (HTTP/2), every request offers an h2c upgrade, and once
    // one connection went wrong (Liberty logged an NPE in its upgrade handler) every later request timed out on it
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    static {
        System.out.println("Suda integration tests against " + BASE + " (database: "
                + System.getProperty("suda.it.database", "?") + ", shared state: " + System.getProperty("suda.it.redis", "?") + ")");
        awaitReady(BASE);
    }

    /**
     * Waits (at most ten minutes) until the application on {@code node} answers /health/ready: the build's start goal
     * returns once the server is up, and on a loaded machine the application has taken minutes more to start (the first
     * tests then met "context root not found"; a second node's, a test's first socket there). Where nothing listens
     * for 15 s (no server was started: a run of named tests also tries them in the in-container phase), it does not wait.
     */
    public static void awaitReady(String node) {
        long started = System.nanoTime();
        long deadline = started + Duration.ofMinutes(10).toNanos();
        long nobodyUntil = started + Duration.ofSeconds(15).toNanos();
        boolean listened = false;
        int status = 0;
        while (System.nanoTime() < deadline) {
            try {
                status = HTTP.send(HttpRequest.newBuilder(URI.create(node + "/health/ready")).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                listened = true;
            } catch (IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (status == 200 || !listened && System.nanoTime() > nobodyUntil) {
                break;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        long waited = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        if (waited > 1 || status != 200) {
            System.out.println(node + " answered /health/ready with " + status + " after " + waited + " s");
        }
    }

    private Api() {
    }

    public record Reply(int status, String contentType, String body) {
        public JsonObject json() {
            return (JsonObject) parse();
        }

        public JsonArray array() {
            return (JsonArray) parse();
        }

        private JsonStructure parse() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.read();
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** A signed-in user of the tests: its id, token and display name. */
    public record Session(long id, String token, String email, String display) {
    }

    public static String randomAddress() {
        java.util.Random random = new java.util.Random();
        return "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    public static Reply call(String method, String path, String token, String body) {
        return call(method, path, token, body, ADDRESS);
    }

    public static Reply call(String method, String path, String token, String body, String fromAddress) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path))
                .header("X-Forwarded-For", fromAddress)
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json; charset=UTF-8");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Reply get(String path, String token) {
        return call("GET", path, token, null);
    }

    public static Reply post(String path, String token, JsonValue body) {
        return call("POST", path, token, body == null ? null : body.toString());
    }

    public static Reply patch(String path, String token, JsonValue body) {
        return call("PATCH", path, token, body.toString());
    }

    public static Reply delete(String path, String token) {
        return call("DELETE", path, token, null);
    }

    /** A name no other test uses, safe to run tests in any order and again on the same database. */
    public static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8) + SEQUENCE.incrementAndGet();
    }

    public static Reply register(String email, String username, String password) {
        return post("/api/users/register", null, Json.createObjectBuilder()
                .add("email", email).add("username", username).add("password", password).build());
    }

    public static Reply login(String email, String password) {
        return post("/api/auth/login", null, Json.createObjectBuilder()
                .add("email", email).add("password", password).build());
    }

    /** Registers a new member and signs it in. */
    public static Session member() {
        String name = unique("m");
        String email = name + "@example.test";
        Reply registered = register(email, name, PASSWORD);
        if (registered.status() != 201) {
            throw new IllegalStateException("register: " + registered);
        }
        return signIn(email, PASSWORD);
    }

    public static Session signIn(String email, String password) {
        Reply reply = login(email, password);
        if (reply.status() != 200) {
            throw new IllegalStateException("login: " + reply);
        }
        return session(reply.json(), email);
    }

    public static Session guest(String nickname) {
        Reply reply = post("/api/auth/guest", null, Json.createObjectBuilder().add("nickname", nickname).build());
        if (reply.status() != 200) {
            throw new IllegalStateException("guest: " + reply);
        }
        return session(reply.json(), null);
    }

    /** The site admin the build configures through ADMIN_EMAIL / ADMIN_PASSWORD. */
    public static Session admin() {
        return signIn(System.getProperty("suda.admin.email", "admin@suda.test"),
                System.getProperty("suda.admin.password", "admin-password-for-tests"));
    }

    private static Session session(JsonObject json, String email) {
        JsonObject user = json.getJsonObject("user");
        return new Session(user.getJsonNumber("id").longValue(), json.getString("token"), email, user.getString("display"));
    }
}
