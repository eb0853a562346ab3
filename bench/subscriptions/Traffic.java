import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-room subscription measurement (bench/subscriptions.sh): N nodes, R rooms, each node holding one socket in
 * each of its R/N rooms, messages sent in every room; what each node's Redis subscriber connection read during the
 * traffic (the kernel's bytes_received of that TCP connection, from ss), against the messages its sockets got.
 *
 *   java Traffic.java --nodes=http://127.0.0.1:9150,... --pids=1,2,3 --redis-port=7153 --rooms=300 --seconds=30 --rate=150
 *
 * Prints one line per node and a JSON summary on the last line.
 */
public class Traffic {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        String[] nodes = options.get("nodes").split(",");
        String[] pids = options.get("pids").split(",");
        int redisPort = Integer.parseInt(options.getOrDefault("redis-port", "6379"));
        int rooms = Integer.parseInt(options.getOrDefault("rooms", "300"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "150"));
        String label = options.getOrDefault("label", "run");

        // one user per node, owning the node's rooms and holding one socket in each
        List<String> tokens = new ArrayList<>();
        for (int n = 0; n < nodes.length; n++) {
            String name = "sub" + UUID.randomUUID().toString().substring(0, 8);
            post(nodes[n], "/api/users/register", null, "{\"email\":\"" + name + "@bench.test\",\"username\":\"" + name
                    + "\",\"password\":\"bench-password-1\"}");
            String login = post(nodes[n], "/api/auth/login", null, "{\"email\":\"" + name + "@bench.test\",\"password\":\"bench-password-1\"}");
            tokens.add(field(login, "token"));
        }
        long[] roomIds = new long[rooms];
        int[] nodeOf = new int[rooms];
        AtomicLong[] received = new AtomicLong[nodes.length];
        for (int n = 0; n < nodes.length; n++) {
            received[n] = new AtomicLong();
        }
        List<WebSocket> sockets = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            int n = r % nodes.length;
            nodeOf[r] = n;
            roomIds[r] = Long.parseLong(field(post(nodes[n], "/api/rooms", tokens.get(n), "{\"name\":\"subs " + label + " " + r + " "
                    + UUID.randomUUID().toString().substring(0, 6) + "\"}"), "id"));
            AtomicLong counter = received[n];
            sockets.add(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + tokens.get(n))
                    .buildAsync(URI.create(nodes[n].replaceFirst("^http", "ws") + "/ws/rooms/" + roomIds[r]), new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                String frame = partial.toString();
                                partial.setLength(0);
                                if (frame.contains("\"type\":\"message\"")) {
                                    counter.incrementAndGet();
                                }
                            }
                            socket.request(1);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS));
        }
        System.out.printf("%s: %d rooms, %d sockets open on %d nodes%n", label, rooms, sockets.size(), nodes.length);
        Thread.sleep(3000);   // presence and join frames settle

        Map<Integer, long[]> before = subscriberBytes(redisPort);
        long sent = 0;
        long start = System.nanoTime();
        long intervalNanos = (long) (1e9 / rate);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        int r = 0;
        for (long next = start; next < end; next += intervalNanos) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sockets.get(r).sendText("{\"type\":\"sendMessage\",\"clientMsgId\":\"" + sent + "\",\"content\":\"traffic in room "
                    + roomIds[r] + " number " + sent + " - 트래픽 " + "x".repeat(100) + "\"}", true).join();
            sent++;
            r = (r + 1) % rooms;
        }
        Thread.sleep(3000);   // the last messages arrive
        Map<Integer, long[]> after = subscriberBytes(redisPort);

        StringBuilder json = new StringBuilder("{\"label\":\"" + label + "\",\"rooms\":" + rooms + ",\"nodes\":" + nodes.length
                + ",\"seconds\":" + seconds + ",\"sent\":" + sent + ",\"perNode\":[");
        for (int n = 0; n < nodes.length; n++) {
            int pid = Integer.parseInt(pids[n].trim());
            long[] b = before.getOrDefault(pid, new long[2]);
            long[] a = after.getOrDefault(pid, new long[2]);
            long read = a[0] - b[0];
            System.out.printf("%s: node %d (pid %d): subscriber connection read %,d bytes from Redis (%,.0f per message sent in all rooms); "
                    + "subscribed to %d channels; its sockets got %,d messages%n", label, n + 1, pid, read, read / (double) sent, a[1], received[n].get());
            json.append(n == 0 ? "" : ",").append("{\"node\":").append(n + 1).append(",\"subscriberBytesRead\":").append(read)
                    .append(",\"channels\":").append(a[1]).append(",\"messagesToSockets\":").append(received[n].get()).append('}');
        }
        json.append("]}");
        System.out.println(json);
        for (WebSocket socket : sockets) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        System.exit(0);
    }

    /** For each process: bytes its Redis subscriber connections received, and how many channels they hold. */
    static Map<Integer, long[]> subscriberBytes(int redisPort) throws Exception {
        Map<Integer, Integer> channelsByPort = new HashMap<>();
        Pattern client = Pattern.compile("addr=[^ ]*:(\\d+) .* sub=(\\d+) psub=(\\d+)(?: ssub=(\\d+))?");
        for (String line : run("redis-cli", "-p", String.valueOf(redisPort), "CLIENT", "LIST")) {
            Matcher m = client.matcher(line);
            if (m.find()) {
                int channels = Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3))
                        + (m.group(4) == null ? 0 : Integer.parseInt(m.group(4)));
                if (channels > 0) {
                    channelsByPort.put(Integer.parseInt(m.group(1)), channels);
                }
            }
        }
        Map<Integer, long[]> byPid = new LinkedHashMap<>();
        List<String> ss = run("ss", "-tinpH", "state", "established", "( dport = :" + redisPort + " )");
        Pattern local = Pattern.compile("127\\.0\\.0\\.1:(\\d+)\\s+127\\.0\\.0\\.1:" + redisPort + ".*pid=(\\d+)");
        Pattern bytes = Pattern.compile("bytes_received:(\\d+)");
        for (int i = 0; i < ss.size(); i++) {
            Matcher m = local.matcher(ss.get(i));
            if (m.find() && channelsByPort.containsKey(Integer.parseInt(m.group(1)))) {
                int pid = Integer.parseInt(m.group(2));
                long received = 0;
                for (int j = i; j < Math.min(ss.size(), i + 2); j++) {
                    Matcher b = bytes.matcher(ss.get(j));
                    if (b.find()) {
                        received = Long.parseLong(b.group(1));
                        break;
                    }
                }
                long[] sum = byPid.computeIfAbsent(pid, p -> new long[2]);
                sum[0] += received;
                sum[1] += channelsByPort.get(Integer.parseInt(m.group(1)));
            }
        }
        return byPid;
    }

    static List<String> run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        process.waitFor();
        return lines;
    }

    static String post(String base, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** A top-level string or number field of a JSON object (the first one of that name). */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"([^\"]*)\"|(-?\\d+))").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }
}
