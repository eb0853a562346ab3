package it.dev.suda.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import it.dev.suda.Api;
import it.dev.suda.Sock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault suite (issue 30, point 3). It starts a MariaDB and a Redis of its own on other ports, two Suda nodes
 * on them, puts steady socket load on both, and then (a) kills a node with SIGKILL and starts it again, (b) flushes
 * Redis, (c) stops Redis for about ten seconds and starts it again, (d) restarts the database. After each: every
 * acknowledged message is stored exactly once, every client got every message once in id order across its
 * resumes, the ban and the mute still hold, the sessions are still valid; during (c) and (d) sends get
 * {@code unavailable} and /health/ready says DOWN, and the nodes recover without a restart.
 *
 * <p>{@code FAULT_PHASES} (environment, or -Dfault.phases) chooses the phases, e.g. {@code ac}; {@code FAULT_PORT_BASE}
 * puts its six ports in a row from there (MariaDB, Redis, node A http/https, node B http/https) instead of free
 * ports. It stops only the processes it started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {

    /** All four: durable sessions and unavailable errors (issue 30, points 1 and 2) are in. */
    static final String DEFAULT_PHASES = "abcd";
    static final String PHASES = setting("FAULT_PHASES", "fault.phases", DEFAULT_PHASES);

    private static final int CLIENTS_PER_NODE = 4;
    private static final long TICK_MILLIS = 400;
    private static final String NAMESPACE = "suda-fault";
    /** How long the suite keeps Redis or the database away while it watches what clients get. */
    private static final int OUTAGE_SECONDS = 10;

    static Path work;
    static OwnMariaDb db;
    static OwnRedis redis;
    static final List<FaultNode> nodes = new ArrayList<>();
    static final List<LoadClient> clients = new ArrayList<>();
    static ScheduledExecutorService ticks;
    static long roomId;
    static Api.Session owner;
    static Api.Session prober;
    static Api.Session banned;
    static Api.Session muted;
    static Api.Session loggedOut;

    private static String setting(String env, String property, String otherwise) {
        return System.getProperty(property, System.getenv().getOrDefault(env, otherwise)).trim();
    }

    @BeforeAll
    static void startServicesNodesAndLoad() throws Exception {
        assumeFalse(PHASES.isEmpty() || PHASES.equals("-"), "FAULT_PHASES is empty: no fault phases");
        assumeFalse("embedded Derby".equals(System.getProperty("suda.it.database"))
                        && "in-process store".equals(System.getProperty("suda.it.redis")),
                "the fault suite runs with the build on MariaDB and Redis, not on the embedded default");
        assumeTrue(OwnMariaDb.installed() && OwnRedis.installed(), "needs mariadbd, mariadb-install-db and redis-server");
        Path project = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path target = project.resolve("target");
        Path wlp = target.resolve("liberty/wlp");
        Path war = target.resolve("suda.war");
        assumeTrue(Files.isExecutable(wlp.resolve("bin/server")) && Files.exists(war), "needs the build's Liberty runtime and WAR");
        work = target.resolve("fault");
        deleteTree(work);
        Files.createDirectories(work);
        int[] ports = ports();
        System.out.printf("Fault suite: phases %s; its own MariaDB on %d, Redis on %d, nodes on %d and %d (under %s)%n",
                PHASES, ports[0], ports[1], ports[2], ports[4], work);
        long started = System.nanoTime();

        db = new OwnMariaDb(work.resolve("mariadb"), ports[0]);
        db.create();
        redis = new OwnRedis(work.resolve("redis"), ports[1]);
        redis.start();

        Path key = work.resolve("key.p12");
        OwnProcesses.run(List.of(Path.of(System.getProperty("java.home"), "bin/keytool").toString(), "-genkeypair",
                "-alias", "default", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-storetype", "PKCS12", "-storepass", "suda-fault-keys", "-keystore", key.toString()),
                work.resolve("keytool.log"), 60);
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", db.jdbcUrl());
        env.put("DB_USER", OwnMariaDb.USER);
        env.put("DB_PASSWORD", OwnMariaDb.PASSWORD);
        env.put("REDIS_URL", redis.url());
        env.put("REDIS_NAMESPACE", NAMESPACE);
        env.put("KEYSTORE_LOCATION", key.toString());
        env.put("KEYSTORE_SECRET", "suda-fault-keys");
        // signing in is not what is tested here; the default iterations cost seconds of CPU per user on this machine
        env.put("PASSWORD_ITERATIONS", "1000");
        String prefix = System.getProperty("suda.server", "suda");
        Path userDir = work.resolve("usr");
        nodes.add(new FaultNode(prefix + "-fault-a", ports[2], ports[3], wlp, userDir, env));
        nodes.add(new FaultNode(prefix + "-fault-b", ports[4], ports[5], wlp, userDir, env));
        for (FaultNode node : nodes) {
            node.prepare(project, war);
            node.start();
        }
        for (FaultNode node : nodes) {
            node.awaitReady(360);
        }
        System.out.printf("Fault suite: services and both nodes ready after %d s%n", seconds(started));

        String a = nodes.get(0).base();
        owner = member(a);
        roomId = Http.post(a, "/api/rooms", owner.token(), Json.createObjectBuilder().add("name", "fault " + UUID.randomUUID()).build())
                .json().getJsonNumber("id").longValue();
        prober = member(a);
        join(a, prober);
        banned = member(a);
        long bannedMembership = join(a, banned);
        muted = member(a);
        long mutedMembership = join(a, muted);
        loggedOut = member(a);
        join(a, loggedOut);
        assertEquals(200, Http.patch(a, "/api/room-users/" + bannedMembership + "/ban", owner.token(),
                Json.createObjectBuilder().add("banned", true).add("reason", "fault suite").build()).status());
        assertEquals(200, Http.patch(a, "/api/room-users/" + mutedMembership + "/mute", owner.token(),
                Json.createObjectBuilder().add("muted", true).add("reason", "fault suite").add("minutes", 120).build()).status());
        assertEquals(204, Http.post(a, "/api/auth/logout", loggedOut.token(), null).status());

        System.out.printf("Fault suite: room, owner, prober, banned, muted and logged-out members made after %d s%n", seconds(started));
        List<String> bases = nodes.stream().map(FaultNode::base).toList();
        for (int i = 0; i < CLIENTS_PER_NODE * nodes.size(); i++) {
            Api.Session user = member(a);
            join(a, user);
            clients.add(new LoadClient("c" + i + "-" + UUID.randomUUID().toString().substring(0, 6), user.id(), user.token(),
                    roomId, bases, i % nodes.size(), lastMessageId()));
        }
        ticks = Executors.newScheduledThreadPool(clients.size());
        for (LoadClient client : clients) {
            ticks.scheduleWithFixedDelay(() -> {
                try {
                    client.tick();
                } catch (RuntimeException e) {
                    // a failed step must not end the client's schedule; the checks find what it missed
                    System.out.println("Fault suite: " + client.name + " step failed: " + e);
                }
            }, (long) (Math.random() * TICK_MILLIS), TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        Wait.until("every load client connected", 60, () -> clients.stream().allMatch(LoadClient::isOpen));
        System.out.printf("Fault suite: %d clients in room %d (%d per node, one post each %d ms at most %s), set up in %d s%n",
                clients.size(), roomId, CLIENTS_PER_NODE, TICK_MILLIS, "10 unacknowledged", seconds(started));
    }

    @AfterAll
    static void stopEverythingStarted() {
        try {
            clients.forEach(LoadClient::close);
            if (ticks != null) {
                ticks.shutdownNow();
            }
        } finally {
            for (FaultNode node : nodes) {
                try {
                    node.stop();
                } catch (RuntimeException e) {
                    System.out.println("Fault suite: stopping " + node.name + " failed: " + e);
                }
            }
            if (redis != null) {
                redis.stop();
            }
            if (db != null) {
                db.stop();
            }
        }
    }

    @Test
    @Order(1)
    void a_aNodeKilledWithSigkillAndStartedAgainLosesAndDoublesNothing() throws Exception {
        assumeTrue(PHASES.contains("a"), "phase a not in FAULT_PHASES");
        Phase phase = new Phase("a", "node A killed with SIGKILL, then started again");
        steady(4000);
        FaultNode victim = nodes.get(0);
        phase.note("killed pid " + victim.pid());
        victim.kill();
        Wait.until("every client connected again (node A's on node B)", 90, () -> clients.stream().allMatch(LoadClient::isOpen));
        steady(3000);
        long restarting = System.nanoTime();
        victim.start();
        victim.awaitReady(360);
        phase.note("node A ready again after " + seconds(restarting) + " s");
        clients.forEach(LoadClient::goHome);
        Wait.until("every client back on its own node", 90,
                () -> clients.stream().allMatch(c -> c.isOpen() && c.node() == c.home));
        steady(4000);
        settleAndCheck(phase);
    }

    @Test
    @Order(2)
    void b_aRedisThatLostItsDataChangesNothingForClients() throws Exception {
        assumeTrue(PHASES.contains("b"), "phase b not in FAULT_PHASES");
        Phase phase = new Phase("b", "Redis flushed (FLUSHALL) under load");
        steady(4000);
        redis.flushAll();
        steady(6000);
        settleAndCheck(phase);
    }

    @Test
    @Order(3)
    void c_aRedisOutageGivesUnavailableAndRecoversWithoutRestartingNodes() throws Exception {
        assumeTrue(PHASES.contains("c"), "phase c not in FAULT_PHASES");
        Phase phase = new Phase("c", "Redis stopped for " + OUTAGE_SECONDS + " s, then started again (empty)");
        steady(4000);
        outage(phase, "Redis", redis::stop, () -> {
            try {
                redis.start();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        steady(6000);
        settleAndCheck(phase);
    }

    @Test
    @Order(4)
    void d_aDatabaseRestartGivesUnavailableAndRecoversWithoutRestartingNodes() throws Exception {
        assumeTrue(PHASES.contains("d"), "phase d not in FAULT_PHASES");
        Phase phase = new Phase("d", "MariaDB stopped for " + OUTAGE_SECONDS + " s, then started again");
        steady(4000);
        outage(phase, "the database", db::stop, db::start);
        steady(6000);
        settleAndCheck(phase);
    }

    /**
     * Takes a service away and watches, on both nodes, for what clients and operators must see meanwhile: a REST
     * post refused with 503 problem JSON {@code unavailable} (how long each answer took is printed, not asserted: the
     * machine is shared), socket posts answered with {@code unavailable} error frames, /health/ready DOWN. Then the service comes back and both nodes must be ready again by themselves.
     */
    private static void outage(Phase phase, String what, Runnable stop, Runnable start) {
        Map<String, Integer> errorsBefore = sum().errors();
        List<Long> pids = nodes.stream().map(FaultNode::pid).toList();
        boolean[] readyDown = new boolean[nodes.size()];
        boolean[] restRefused = new boolean[nodes.size()];
        List<List<String>> restAnswers = new ArrayList<>();
        nodes.forEach(n -> restAnswers.add(new ArrayList<>()));
        List<CompletableFuture<Api.Reply>> inFlight = new ArrayList<>();
        long[] sentAt = new long[nodes.size()];
        nodes.forEach(n -> inFlight.add(null));
        ExecutorService probes = Executors.newFixedThreadPool(nodes.size());
        stop.run();
        long stopped = System.nanoTime();
        boolean socketsRefused = false;
        try {
            // at least OUTAGE_SECONDS, longer (bounded) if a node has not shown everything yet
            while (seconds(stopped) < OUTAGE_SECONDS || seconds(stopped) < 60
                    && !(all(readyDown) && all(restRefused) && socketsRefused)) {
                for (int i = 0; i < nodes.size(); i++) {
                    FaultNode node = nodes.get(i);
                    readyDown[i] |= node.readyStatus() == 503;
                    // one REST post at a time per node, answered in its own time (how long it took is reported)
                    CompletableFuture<Api.Reply> probe = inFlight.get(i);
                    if (probe != null && probe.isDone()) {
                        Api.Reply reply = probe.join();
                        restAnswers.get(i).add((reply.status() == -1 ? "no answer" : reply.status() + " " + Http.code(reply))
                                + " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt[i]) + " ms");
                        restRefused[i] |= reply.status() == 503 && "unavailable".equals(Http.code(reply));
                        inFlight.set(i, null);
                    }
                    if (inFlight.get(i) == null && !restRefused[i]) {
                        sentAt[i] = System.nanoTime();
                        inFlight.set(i, CompletableFuture.supplyAsync(() -> Http.call(node.base(), "POST", "/api/messages",
                                prober.token(), Json.createObjectBuilder().add("roomId", roomId)
                                        .add("content", "during the outage of " + what)
                                        .add("clientMsgId", "probe-" + UUID.randomUUID()).build(), Duration.ofSeconds(45)), probes));
                    }
                }
                socketsRefused = delta(sum().errors(), errorsBefore).getOrDefault("unavailable", 0) > 0;
                Wait.sleep(500);
            }
        } finally {
            for (int i = 0; i < nodes.size(); i++) {
                if (inFlight.get(i) != null) {
                    restAnswers.get(i).add("no answer yet after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt[i]) + " ms");
                }
            }
            probes.shutdownNow();
            phase.note(what + " away for " + seconds(stopped) + " s");
            start.run();
        }
        long restarted = System.nanoTime();
        for (FaultNode node : nodes) {
            node.awaitReady(120);
        }
        assertEquals(pids, nodes.stream().map(FaultNode::pid).toList(), "the nodes recover in the same processes");
        phase.note("both nodes ready " + seconds(restarted) + " s after " + what + " came back, neither restarted");
        Map<String, Integer> outageErrors = delta(sum().errors(), errorsBefore);
        phase.note("socket errors during the outage " + outageErrors);
        for (int i = 0; i < nodes.size(); i++) {
            phase.note(nodes.get(i).name + ": REST posts while " + what + " was away: " + restAnswers.get(i));
        }
        for (int i = 0; i < nodes.size(); i++) {
            assertTrue(readyDown[i], nodes.get(i).name + ": /health/ready never said DOWN while " + what + " was away");
            assertTrue(restRefused[i], nodes.get(i).name + ": a REST post while " + what + " was away did not get 503 problem JSON "
                    + "with code unavailable; its answers: " + restAnswers.get(i));
        }
        assertTrue(socketsRefused, "no socket post got an unavailable error frame while " + what + " was away: " + outageErrors);
        Set<String> unclear = new LinkedHashSet<>(outageErrors.keySet());
        unclear.removeAll(Set.of("unavailable", "rate_limited"));
        assertTrue(unclear.isEmpty(), "socket posts got errors other than unavailable while " + what + " was away: " + outageErrors);
    }

    /**
     * Stops new posts, lets every client finish (connected, everything acknowledged), posts one message through
     * each node, waits until every client has everything up to the last, and then checks it all against the
     * database, and that the ban, the mute and the sessions hold on both nodes.
     */
    private static void settleAndCheck(Phase phase) throws SQLException {
        clients.forEach(c -> c.sending(false));
        try {
            checkSanctionsAndSessions();
            Wait.until("every client connected with every post acknowledged", 120,
                    () -> clients.stream().allMatch(c -> c.isOpen() && c.pendingCount() == 0));
            // one post through each node: with no other traffic, the other node's clients get it only by fan-out
            for (FaultNode node : nodes) {
                Api.Reply marker = Http.post(node.base(), "/api/messages", owner.token(), Json.createObjectBuilder()
                        .add("roomId", roomId).add("content", "marker through " + node.name + " after phase " + phase.letter)
                        .add("clientMsgId", "marker-" + UUID.randomUUID()).build());
                assertEquals(201, marker.status(), "a post through " + node.name + ": " + marker);
            }
            long last = lastMessageId();
            Wait.until("every client received every message up to " + last + " (fan-out from both nodes)", 60,
                    () -> clients.stream().allMatch(c -> c.lastId() >= last));
            int checkedAcks = checkAgainstDatabase(last);
            phase.report(checkedAcks, presenceLine());
        } finally {
            clients.forEach(c -> c.sending(true));
        }
    }

    /** Every client's stream equals the room's messages after its start, and every ack names the one stored row. */
    private static int checkAgainstDatabase(long last) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (LoadClient client : clients) {
            client.violations().forEach(v -> problems.add(client.name + ": " + v));
        }
        Map<String, Long> storedByClientMsgId = new HashMap<>();
        try (Connection connection = db.connect()) {
            List<Long> roomIds = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, sender_id, client_msg_id FROM messages WHERE room_id = ? AND id <= ? ORDER BY id")) {
                select.setLong(1, roomId);
                select.setLong(2, last);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        roomIds.add(rows.getLong(1));
                        if (rows.getString(3) != null) {
                            storedByClientMsgId.put(rows.getLong(2) + "/" + rows.getString(3), rows.getLong(1));
                        }
                    }
                }
            }
            try (PreparedStatement twice = connection.prepareStatement(
                    "SELECT content, COUNT(*) FROM messages WHERE room_id = ? AND kind = 'USER' GROUP BY content HAVING COUNT(*) > 1")) {
                twice.setLong(1, roomId);
                try (ResultSet rows = twice.executeQuery()) {
                    while (rows.next()) {
                        problems.add("stored " + rows.getInt(2) + " times: " + rows.getString(1));
                    }
                }
            }
            for (LoadClient client : clients) {
                List<Long> expected = roomIds.stream().filter(id -> id > client.startAfter).toList();
                List<Long> got = client.received().stream().filter(id -> id <= last).toList();
                if (!expected.equals(got)) {
                    List<Long> missing = new ArrayList<>(expected);
                    missing.removeAll(got);
                    List<Long> extra = new ArrayList<>(got);
                    extra.removeAll(expected);
                    problems.add(client.name + " received " + got.size() + " of " + expected.size() + " messages; missing "
                            + first(missing) + ", not in the room " + first(extra));
                }
            }
        }
        int acks = 0;
        for (LoadClient client : clients) {
            for (Map.Entry<String, Long> ack : client.acked().entrySet()) {
                acks++;
                Long stored = storedByClientMsgId.get(client.userId + "/" + ack.getKey());
                if (!ack.getValue().equals(stored)) {
                    problems.add(client.name + ": " + ack.getKey() + " acknowledged as " + ack.getValue() + " but stored as " + stored);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " problems:\n  " + String.join("\n  ", problems.subList(0, Math.min(40, problems.size()))));
        }
        return acks;
    }

    /** The ban and the mute hold on both nodes; every client's session is valid and the logged-out one is not. */
    private static void checkSanctionsAndSessions() {
        List<String> problems = new ArrayList<>();
        for (FaultNode node : nodes) {
            String base = node.base();
            for (LoadClient client : clients) {
                int me = Http.get(base, "/api/auth/me", client.token).status();
                if (me != 200) {
                    problems.add(client.name + "'s session on " + node.name + ": " + me);
                }
            }
            int out = Http.get(base, "/api/auth/me", loggedOut.token()).status();
            if (out != 401) {
                problems.add("the logged-out session on " + node.name + " gave " + out + ", not 401");
            }
            Api.Reply bannedPost = Http.post(base, "/api/messages", banned.token(), post("from a banned user"));
            if (bannedPost.status() != 403 || !"banned".equals(Http.code(bannedPost))) {
                problems.add("a banned user's post on " + node.name + ": " + bannedPost);
            }
            Api.Reply mutedPost = Http.post(base, "/api/messages", muted.token(), post("from a muted user"));
            if (mutedPost.status() != 403 || !"muted".equals(Http.code(mutedPost))) {
                problems.add("a muted user's post on " + node.name + ": " + mutedPost);
            }
            try (Sock bannedSocket = Sock.open(base, roomId, banned.token(), null)) {
                String closed = bannedSocket.awaitClose(15);
                if (!closed.startsWith("1008")) {
                    problems.add("a banned user's socket on " + node.name + " closed with " + closed);
                }
            } catch (Sock.Refused refused) {
                if (refused.status != 403) {
                    problems.add("a banned user's socket on " + node.name + " refused with " + refused.status);
                }
            } catch (AssertionError stillOpen) {
                problems.add("a banned user's socket on " + node.name + " stayed open");
            }
            try (Sock mutedSocket = Sock.open(base, roomId, muted.token(), null)) {
                mutedSocket.sendMessage("muted-" + UUID.randomUUID(), "from a muted user");
                JsonObject error = mutedSocket.awaitType("error");
                if (!"muted".equals(error.getString("code", ""))) {
                    problems.add("a muted user's socket post on " + node.name + " got " + error);
                }
            } catch (RuntimeException | AssertionError failed) {
                problems.add("a muted user's socket post on " + node.name + ": " + failed);
            }
        }
        if (!problems.isEmpty()) {
            fail("sanctions or sessions did not hold:\n  " + String.join("\n  ", problems));
        }
    }

    private static JsonObject post(String content) {
        return Json.createObjectBuilder().add("roomId", roomId).add("content", content)
                .add("clientMsgId", "x-" + UUID.randomUUID()).build();
    }

    /** Sockets open, the presence set in Redis and the room's online count: a killed node's entries stay behind. */
    private static String presenceLine() {
        long open = clients.stream().filter(LoadClient::isOpen).count();
        int inRedis = redis.members(NAMESPACE + ":presence:{room:" + roomId + "}").size();
        Api.Reply room = Http.get(nodes.get(0).base(), "/api/rooms/" + roomId, owner.token());
        String online = room.status() == 200 ? String.valueOf(room.json().getInt("onlineCount")) : room.toString();
        return "presence: " + open + " sockets open, " + inRedis + " entries in Redis, the room says " + online + " online";
    }

    private static void steady(long millis) {
        Wait.sleep(millis);
    }

    private static long lastMessageId() throws SQLException {
        try (Connection connection = db.connect();
             PreparedStatement select = connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM messages WHERE room_id = ?")) {
            select.setLong(1, roomId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Api.Session member(String base) {
        String name = "f" + UUID.randomUUID().toString().substring(0, 12);
        String email = name + "@fault.test";
        Api.Reply registered = Http.post(base, "/api/users/register", null, Json.createObjectBuilder()
                .add("email", email).add("username", name).add("password", Api.PASSWORD).build());
        assertEquals(201, registered.status(), "register: " + registered);
        Api.Reply login = Http.post(base, "/api/auth/login", null, Json.createObjectBuilder()
                .add("email", email).add("password", Api.PASSWORD).build());
        assertEquals(200, login.status(), "login: " + login);
        JsonObject user = login.json().getJsonObject("user");
        return new Api.Session(user.getJsonNumber("id").longValue(), login.json().getString("token"), email, user.getString("display"));
    }

    private static long join(String base, Api.Session who) {
        Api.Reply joined = Http.post(base, "/api/room-users/join", who.token(), Json.createObjectBuilder().add("roomId", roomId).build());
        assertTrue(joined.status() == 200 || joined.status() == 201, "join: " + joined);
        return joined.json().getJsonNumber("id").longValue();
    }

    /** FAULT_PORT_BASE and the five after it, or six free ports. */
    private static int[] ports() throws IOException {
        String base = setting("FAULT_PORT_BASE", "fault.port.base", "");
        int[] ports = new int[6];
        for (int i = 0; i < ports.length; i++) {
            if (!base.isEmpty()) {
                ports[i] = Integer.parseInt(base) + i;
            } else {
                try (ServerSocket free = new ServerSocket(0)) {
                    ports[i] = free.getLocalPort();
                }
            }
        }
        return ports;
    }

    private static LoadClient.Counts sum() {
        int sent = 0, resent = 0, acked = 0, copies = 0, resumes = 0, cross = 0, failed = 0;
        Map<String, Integer> errors = new TreeMap<>();
        Map<Integer, Integer> refused = new TreeMap<>();
        for (LoadClient client : clients) {
            LoadClient.Counts c = client.counts();
            sent += c.sent();
            resent += c.resent();
            acked += c.acked();
            copies += c.copies();
            resumes += c.resumes();
            cross += c.crossNodeResumes();
            failed += c.failedConnects();
            c.errors().forEach((k, v) -> errors.merge(k, v, Integer::sum));
            c.refusedHandshakes().forEach((k, v) -> refused.merge(k, v, Integer::sum));
        }
        return new LoadClient.Counts(sent, resent, acked, copies, resumes, cross, failed, errors, refused);
    }

    private static <K> Map<K, Integer> delta(Map<K, Integer> now, Map<K, Integer> before) {
        Map<K, Integer> delta = new TreeMap<>();
        now.forEach((k, v) -> {
            int d = v - before.getOrDefault(k, 0);
            if (d != 0) {
                delta.put(k, d);
            }
        });
        return delta;
    }

    private static boolean all(boolean[] flags) {
        for (boolean flag : flags) {
            if (!flag) {
                return false;
            }
        }
        return true;
    }

    private static String first(List<Long> ids) {
        return ids.size() <= 10 ? ids.toString() : ids.subList(0, 10) + " and " + (ids.size() - 10) + " more";
    }

    private static long seconds(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sinceNanos);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** One phase's counts, printed when it has been checked. */
    private static final class Phase {
        final String letter;
        final String title;
        final long started = System.nanoTime();
        final LoadClient.Counts before = sum();
        final List<String> notes = new ArrayList<>();

        Phase(String letter, String title) {
            this.letter = letter;
            this.title = title;
            System.out.printf("Fault phase %s: %s%n", letter, title);
        }

        void note(String note) {
            notes.add(note);
            System.out.printf("Fault phase %s: %s%n", letter, note);
        }

        void report(int acksChecked, String presence) {
            LoadClient.Counts now = sum();
            Function<Function<LoadClient.Counts, Integer>, Integer> d = f -> f.apply(now) - f.apply(before);
            System.out.printf("Fault phase %s passed in %d s: %d posts (%d sent again), %d acknowledged; %d acknowledged so far,"
                            + " each stored once; %d copies delivered, no duplicate, none out of order, none missing;"
                            + " %d resumes with ?after= (%d to the other node), %d failed connects, refused handshakes %s,"
                            + " error frames %s; %s%n",
                    letter, seconds(started), d.apply(LoadClient.Counts::sent), d.apply(LoadClient.Counts::resent),
                    d.apply(LoadClient.Counts::acked), acksChecked, d.apply(LoadClient.Counts::copies),
                    d.apply(LoadClient.Counts::resumes), d.apply(LoadClient.Counts::crossNodeResumes),
                    d.apply(LoadClient.Counts::failedConnects), delta(now.refusedHandshakes(), before.refusedHandshakes()),
                    delta(now.errors(), before.errors()), presence);
        }
    }
}
