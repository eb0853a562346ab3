package it.dev.suda.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Sock;
import it.dev.suda.files.Uploads;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the operator reads: the test server's messages.log and FFDC directory
 * ({@code target/liberty/wlp/usr/servers/<server>/logs}), before and after the calls of each test. Ordinary client
 * errors leave no error line, no "sending back 500", no SRVE and no FFDC incident; a real server fault leaves all of
 * an error line and an incident, and its reference is the one the client got.
 */
class LogsIT {

    private static final Path LOGS = Path.of("target", "liberty", "wlp", "usr", "servers",
            System.getProperty("suda.server", "suda"), "logs");
    /** HTTP/1.1: a burst over HTTP/2 (h2c) once hung Liberty. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static final String FAULT = "A fault provoked through the test hooks";

    private long logStart;
    private Set<String> incidentsBefore;

    @BeforeEach
    void markTheLogs() {
        assertTrue(Files.isRegularFile(LOGS.resolve("messages.log")), "no messages.log under " + LOGS.toAbsolutePath());
        logStart = size(LOGS.resolve("messages.log"));
        incidentsBefore = incidents();
    }

    @Test
    void ordinaryClientErrorsAreNeitherLoggedAsErrorsNorIncidents() throws Exception {
        Api.Session owner = Api.member();
        Api.Session member = Api.member();
        long roomId = call("POST", "/api/rooms", owner.token(), "{\"name\":\"" + Api.unique("logs") + "\"}")
                .json().getJsonNumber("id").longValue();

        // validation
        assertStatus(400, call("POST", "/api/users/register", null, "{\"email\":\"not an email\",\"username\":\"\",\"password\":\"x\"}"));
        assertStatus(400, call("POST", "/api/rooms", owner.token(), "{\"name\":"));
        assertStatus(400, call("GET", "/api/messages/" + roomId + "?limit=0", owner.token(), null));
        // not found, through a transactional control
        assertStatus(404, call("GET", "/api/rooms/999999999", owner.token(), null));
        assertStatus(404, call("DELETE", "/api/messages/999999999", owner.token(), null));
        // forbidden
        assertStatus(403, call("PATCH", "/api/rooms/" + roomId, member.token(), "{\"name\":\"mine now\"}"));
        assertStatus(403, call("POST", "/api/messages", member.token(), post(roomId, "not a member yet")));
        assertStatus(409, call("POST", "/api/users/register", null, "{\"email\":\"" + owner.email()
                + "\",\"username\":\"again\",\"password\":\"" + Api.PASSWORD + "\"}"));
        long membership = call("POST", "/api/room-users/join", member.token(), "{\"roomId\":" + roomId + "}")
                .json().getJsonNumber("id").longValue();
        assertStatus(403, call("PATCH", "/api/room-users/" + membership + "/mute", member.token(), "{\"muted\":true}"));
        // muted, over REST and over the socket
        assertStatus(200, call("PATCH", "/api/room-users/" + membership + "/mute", owner.token(),
                "{\"muted\":true,\"reason\":\"logs\"}"));
        assertStatus(403, call("POST", "/api/messages", member.token(), post(roomId, "muted?")));
        try (Sock sock = Sock.joined(roomId, member.token())) {
            sock.sendMessage(Api.unique("c"), "muted on the socket");
            assertEquals("muted", sock.awaitType("error").getString("code"));
            sock.send("{\"type\":\"kickUser\",\"userId\":" + owner.id() + "}");
            assertEquals("not_allowed", sock.awaitType("error").getString("code"));
        }
        // a resend: the same clientMsgId again gets the first message (its batch breaks the unique index, then retries)
        String clientMsgId = Api.unique("resend");
        String first = Json.createObjectBuilder().add("roomId", roomId).add("content", "once")
                .add("clientMsgId", clientMsgId).build().toString();
        assertStatus(201, call("POST", "/api/messages", owner.token(), first));
        assertStatus(200, call("POST", "/api/messages", owner.token(), first));
        // uploads refused: a type not allowed, and a muted member's
        byte[] markup = "<!DOCTYPE html><html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8);
        assertEquals(415, Uploads.upload(owner, roomId, "page.html", "text/html", markup).status());
        assertEquals(403, Uploads.upload(member, roomId, "a.png", "image/png", Uploads.image("png", 8, 8)).status());
        // one file sent with two messages at once: one takes it, the other is refused (400 if checked after the
        // first was stored, 409 if both were on their way) without rolling back the batch they were stored in
        long fileId = Uploads.upload(owner, roomId, "once.png", "image/png", Uploads.image("png", 8, 8)).id();
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            List<Future<Api.Reply>> sends = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String withFile = Json.createObjectBuilder().add("roomId", roomId).add("content", "mine " + i)
                        .add("clientMsgId", Api.unique("file")).add("attachments", Json.createArrayBuilder().add(fileId))
                        .build().toString();
                sends.add(both.submit(() -> call("POST", "/api/messages", owner.token(), withFile)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Api.Reply> send : sends) {
                statuses.add(send.get().status());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "one message takes the file: " + statuses);
            assertTrue(statuses.contains(400) || statuses.contains(409), "the other is refused: " + statuses);
        } finally {
            both.shutdownNow();
        }
        // rate limited: posts in parallel until some are refused with 429
        assertTrue(burstUntilRateLimited(owner.token(), roomId), "no post was rate limited");

        List<String> written = logLinesSince(logStart);
        List<String> faults = written.stream().filter(isErrorReport()).toList();
        assertEquals(List.of(), faults, "client errors were logged as faults");
        Set<String> incidents = incidents();
        incidents.removeAll(incidentsBefore);
        assertEquals(Set.of(), incidents, "client errors made FFDC incidents");
    }

    @Test
    void aServerFaultIsLoggedAndRecordedUnderTheReferenceTheClientGets() throws Exception {
        Api.Reply fault = call("POST", "/api/test-hooks/fault", null, null);
        assertEquals(500, fault.status(), "the test server must run with TEST_HOOKS=true (the build sets it): " + fault);
        assertTrue(fault.contentType().startsWith("application/problem+json"), fault.contentType());
        JsonObject problem = fault.json();
        String ref = problem.getString("ref");
        assertTrue(ref.matches("[0-9a-f]{12}"), ref);
        assertTrue(problem.getString("detail").contains(ref), problem.toString());
        assertTrue(!fault.body().contains("IllegalStateException"), "internals shown: " + fault.body());

        List<String> errorLines = awaitLines(logStart, line -> isErrorReport().test(line) && line.contains("[ref " + ref + "]"));
        assertEquals(1, errorLines.size(), "one error line names the reference: " + errorLines);
        // Liberty records an incident once per exception and place in a server's life (later ones are only counted),
        // so the incident may come from an earlier fault of this run: look from the start of this server's log.
        List<String> recorded = awaitLines(0, line -> line.contains("FFDC1015I") && line.contains(FAULT));
        assertTrue(!recorded.isEmpty(), "no FFDC incident reported for the fault");
        String file = recorded.get(0).replaceAll(".* at (ffdc_\\S+\\.log).*", "$1");
        assertTrue(read(LOGS.resolve("ffdc").resolve(file)).contains(FAULT), "the incident " + file + " holds the fault");
    }

    @Test
    void aFaultOnAPagePathIsLoggedUnderTheReferenceTheBrowserGets() throws Exception {
        Api.Reply fault = call("GET", "/test-hooks/fault", null, null);
        assertEquals(500, fault.status(), "the test server must run with TEST_HOOKS=true (the build sets it): " + fault);
        assertTrue(fault.contentType().startsWith("application/problem+json"), fault.contentType());
        JsonObject problem = fault.json();
        String ref = problem.getString("ref");
        assertTrue(ref.matches("[0-9a-f]{12}"), ref);
        assertTrue(problem.getString("detail").contains(ref), problem.toString());
        assertTrue(!fault.body().contains("IllegalStateException"), "internals shown: " + fault.body());
        List<String> errorLines = awaitLines(logStart, line -> isErrorReport().test(line) && line.contains("[ref " + ref + "]"));
        assertEquals(1, errorLines.size(), "one error line names the reference: " + errorLines);
        assertTrue(errorLines.get(0).contains("A page request failed"), errorLines.get(0));
    }

    /**
     * A line that reports a fault: at error level, the runtime's "sending back 500", a web container error (SRVE…E),
     * a new FFDC incident, or a warning of the REST or WebSocket runtime (where client mistakes used to surface).
     */
    private static Predicate<String> isErrorReport() {
        return line -> line.matches("^\\[[^]]+] \\S+ \\S+\\s+E .*") || line.contains("sending back 500")
                || line.matches(".*SRVE\\d+E.*") || line.contains("FFDC1015I")
                || line.matches("^\\[[^]]+] \\S+ (org\\.jboss\\.resteasy|com\\.ibm\\.ws\\.wsoc)\\S*\\s+W .*");
    }

    private static String post(long roomId, String content) {
        return Json.createObjectBuilder().add("roomId", roomId).add("content", content)
                .add("clientMsgId", Api.unique("c")).build().toString();
    }

    private static boolean burstUntilRateLimited(String token, long roomId) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 10; round++) {
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    statuses.add(pool.submit(() -> call("POST", "/api/messages", token, post(roomId, "burst")).status()));
                }
                boolean limited = false;
                for (Future<Integer> status : statuses) {
                    int code = status.get();
                    assertTrue(code == 201 || code == 429, "a post of the burst got " + code);
                    limited |= code == 429;
                }
                if (limited) {
                    return true;
                }
            }
            return false;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Api.Reply call(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Api.BASE + path))
                .header("X-Forwarded-For", Api.ADDRESS).timeout(Duration.ofSeconds(60))
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
            return new Api.Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertStatus(int status, Api.Reply reply) {
        assertEquals(status, reply.status(), reply.toString());
        assertTrue(reply.contentType().startsWith("application/problem+json") || status < 400, reply.contentType());
    }

    /** Waits (bounded) until lines written since the offset match, as Liberty writes its log asynchronously. */
    private static List<String> awaitLines(long offset, Predicate<String> match) throws InterruptedException {
        List<String> found = logLinesSince(offset).stream().filter(match).toList();
        for (int i = 0; i < 60 && found.isEmpty(); i++) {
            Thread.sleep(500);
            found = logLinesSince(offset).stream().filter(match).toList();
        }
        return found;
    }

    private static List<String> logLinesSince(long offset) {
        try (RandomAccessFile log = new RandomAccessFile(LOGS.resolve("messages.log").toFile(), "r")) {
            long start = log.length() < offset ? 0 : offset; // the log rolled over: read the new one whole
            byte[] bytes = new byte[(int) (log.length() - start)];
            log.seek(start);
            log.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> incidents() {
        Path ffdc = LOGS.resolve("ffdc");
        if (!Files.isDirectory(ffdc)) {
            return new HashSet<>();
        }
        try (Stream<Path> files = Files.list(ffdc)) {
            return files.map(p -> p.getFileName().toString()).collect(HashSet::new, Set::add, Set::addAll);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
