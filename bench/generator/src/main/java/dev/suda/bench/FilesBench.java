package dev.suda.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario f (issue 31): upload and download throughput of 1 MiB files with {@code files.clients} (16) concurrent
 * clients, and whether posting and fan-out move while uploads run: a poster posts over REST at
 * {@code files.postRate} a second and a watcher's socket times each message from the post to its arrival, in
 * {@code files.rounds} (5) rounds of {@code files.seconds} (20) with nothing else going on, then as long while every
 * client uploads, after warm-up rounds that are not kept: at least {@code files.warmup.rounds} (1), and more until
 * the server's JIT compiled for at most {@code warmup.jit.share} (2%) of an upload phase, at most
 * {@code files.warmup.max} (6). Every phase reports the server's CPU, its JIT's time and its garbage collections.
 */
final class FilesBench {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern CLIENT_ID = Pattern.compile("\"clientMsgId\"\\s*:\\s*\"([^\"]+)\"");

    private final Http http;
    private final long serverPid;
    private final double jitShareSettled;
    private final int clients;
    private final int seconds;
    private final int rounds;
    private final int warmupRounds;
    private final int warmupMax;
    private final int postRate;
    private final int fileBytes;
    private final HttpClient client;

    FilesBench(Http http, long serverPid, Map<String, String> opt) {
        this.http = http;
        this.serverPid = serverPid;
        this.jitShareSettled = Double.parseDouble(opt.getOrDefault("warmup.jit.share", "0.02"));
        this.clients = Integer.parseInt(opt.getOrDefault("files.clients", "16"));
        this.seconds = Integer.parseInt(opt.getOrDefault("files.seconds", "20"));
        this.rounds = Integer.parseInt(opt.getOrDefault("files.rounds", "5"));
        this.warmupRounds = Integer.parseInt(opt.getOrDefault("files.warmup.rounds", "1"));
        this.warmupMax = Math.max(warmupRounds, Integer.parseInt(opt.getOrDefault("files.warmup.max", "6")));
        this.postRate = Integer.parseInt(opt.getOrDefault("files.postRate", "20"));
        this.fileBytes = Integer.parseInt(opt.getOrDefault("files.bytes", String.valueOf(1024 * 1024)));
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4)).build();
    }

    /** A 1 MiB file the server takes as a PDF (its magic number) and stores as it is: no thumbnail, no re-encoding. */
    private byte[] file(long seed) {
        byte[] bytes = new byte[fileBytes];
        new Random(seed).nextBytes(bytes);
        byte[] magic = "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        return bytes;
    }

    private long upload(String token, long roomId, byte[] bytes) throws Exception {
        String boundary = "----bench" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + bytes.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bytes, 0, body, head.length, bytes.length);
        System.arraycopy(tail, 0, body, head.length + bytes.length, tail.length);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(http.base + "/api/rooms/" + roomId + "/files"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("upload answered " + response.statusCode() + ": " + response.body());
        }
        return Long.parseLong(Http.group(ID, response.body()));
    }

    private long download(String token, long fileId) throws Exception {
        HttpResponse<java.io.InputStream> response = client.send(HttpRequest.newBuilder(URI.create(http.base + "/api/files/" + fileId))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long n = 0;
        try (var in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
                n += r;
            }
        }
        if (response.statusCode() != 200 || n != fileBytes) {
            throw new IllegalStateException("download answered " + response.statusCode() + " with " + n + " bytes");
        }
        return n;
    }

    /** Posts at the rate for the duration; each post's ack (201) and its arrival at the watcher are timed. */
    private void post(Http.Guest poster, long roomId, int forSeconds, Stats acks, Map<String, Long> sentAt, AtomicLong failures)
            throws InterruptedException {
        long interval = 1_000_000_000L / postRate;
        long end = System.nanoTime() + forSeconds * 1_000_000_000L;
        for (long next = System.nanoTime(); next < end; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String id = "f" + UUID.randomUUID();
            long t0 = System.nanoTime();
            sentAt.put(id, t0);
            try {
                http.expect("POST", "/api/messages", poster.token(),
                        "{\"roomId\":" + roomId + ",\"content\":\"hello while files move\",\"clientMsgId\":\"" + id + "\"}", 201);
                acks.add((System.nanoTime() - t0) / 1000);
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        }
    }

    Json.Obj run() throws Exception {
        Http.Guest owner = http.guest("files-owner");
        long roomId = http.createRoom(owner.token(), "files");
        List<Http.Guest> uploaders = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Http.Guest guest = http.guest("uploader" + i);
            http.join(guest.token(), roomId);
            uploaders.add(guest);
        }
        Http.Guest poster = http.guest("poster");
        http.join(poster.token(), roomId);
        Http.Guest watcher = http.guest("watcher");
        http.join(watcher.token(), roomId);

        // the watcher's socket: when each post arrives, timed into the phase's figures
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicReference<Stats> fanout = new AtomicReference<>(new Stats());
        StringBuilder partial = new StringBuilder();
        WebSocket socket = client.newWebSocketBuilder().header("Authorization", "Bearer " + watcher.token())
                .buildAsync(URI.create(http.base.replace("http", "ws") + "/ws/rooms/" + roomId), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            Matcher m = CLIENT_ID.matcher(partial);
                            if (partial.indexOf("\"type\":\"message\"") >= 0 && m.find()) {
                                Long t0 = sentAt.remove(m.group(1));
                                if (t0 != null) {
                                    fanout.get().add((System.nanoTime() - t0) / 1000);
                                }
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);

        Json.Obj result = new Json.Obj().put("clients", clients).put("fileBytes", fileBytes).put("postRate", postRate)
                .put("rounds", rounds).put("secondsPerPhase", seconds);
        AtomicLong postFailures = new AtomicLong();

        // Rounds of the two phases, each as long as the other: posting alone, then posting while every client
        // uploads. A p99 of one short phase is its two or three slowest posts, and a lone hiccup of the machine
        // moves it by tens of milliseconds; the rounds' own p99s, side by side, show how far it moves by itself.
        Stats quietAcks = new Stats();
        Stats busyAcks = new Stats();
        Stats quietFanout = new Stats();
        Stats busyFanout = new Stats();
        Json.Arr quietP99s = new Json.Arr();
        Json.Arr busyP99s = new Json.Arr();
        Stats uploadTimes = new Stats();
        AtomicLong uploaded = new AtomicLong();
        AtomicLong uploadFailures = new AtomicLong();
        List<Long> fileIds = new ArrayList<>();
        double uploadSeconds = 0;
        // Warm-up rounds are run like the others and not kept: the node's JIT compiles the upload path (multipart, type
        // detection, the store's JDBC) on the core that also serves the posts, the first times uploads run, and for
        // tens of seconds its figures are the JIT's, not the uploads'. They go on until an upload phase in which the
        // JIT compiled for at most 2% of the time (or files.warmup.max rounds).
        Json.Arr warmups = new Json.Arr();
        int warmupsRun = 0;
        for (int round = 0; round < rounds; ) {
            Stats quietAcksOfRound = new Stats();
            fanout.set(new Stats());
            Server.Mark quietStart = Server.mark(serverPid);
            post(poster, roomId, seconds, quietAcksOfRound, sentAt, postFailures);
            Thread.sleep(1000);
            Stats quietFanoutOfRound = fanout.get();
            Server quietServer = Server.since(serverPid, quietStart);

            Stats acks = new Stats();
            fanout.set(new Stats());
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            Server.Mark busyStart = Server.mark(serverPid);
            long uploadedBefore = uploaded.get();
            for (int i = 0; i < clients; i++) {
                Http.Guest who = uploaders.get(i);
                byte[] bytes = file(i);
                pool.submit(() -> {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        try {
                            long id = upload(who.token(), roomId, bytes);
                            uploadTimes.add((System.nanoTime() - t0) / 1000);
                            uploaded.incrementAndGet();
                            synchronized (fileIds) {
                                if (fileIds.isEmpty()) {
                                    fileIds.add(id);
                                    http.expect("POST", "/api/messages", who.token(),
                                            "{\"roomId\":" + roomId + ",\"attachments\":[" + id + "]}", 201);
                                }
                            }
                        } catch (Exception e) {
                            uploadFailures.incrementAndGet();
                            if (uploadFailures.get() < 3) {
                                Bench.log("upload failed: %s", e);
                            }
                        }
                    }
                    return null;
                });
            }
            post(poster, roomId, seconds, acks, sentAt, postFailures);
            stop.set(true);
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.MINUTES);
            double phaseSeconds = (System.nanoTime() - busyStart.nanos()) / 1e9;
            Thread.sleep(1000);
            Server busyServer = Server.since(serverPid, busyStart);
            boolean kept = warmupsRun >= warmupMax
                    || warmupsRun >= warmupRounds && Bench.jitSettled(busyServer.jitShare(), true, jitShareSettled);
            Bench.log("f %s: ack p50/p99 %.1f/%.1f ms alone (server: %s), %.1f/%.1f ms during %d uploads (server: %s)",
                    kept ? "round " + (round + 1) : "warm-up round " + (warmupsRun + 1) + " (not kept)",
                    quietAcksOfRound.ms(50), quietAcksOfRound.ms(99), quietServer.text(), acks.ms(50), acks.ms(99),
                    uploaded.get() - uploadedBefore, busyServer.text());
            Json.Obj quiet = new Json.Obj().put("ackP50", quietAcksOfRound.ms(50)).put("ack", quietAcksOfRound.ms(99))
                    .put("fanout", quietFanoutOfRound.ms(99)).put("server", quietServer.json());
            Json.Obj busy = new Json.Obj().put("ackP50", acks.ms(50)).put("ack", acks.ms(99))
                    .put("fanout", fanout.get().ms(99)).put("server", busyServer.json());
            if (!kept) {
                warmupsRun++;
                warmups.add(new Json.Obj().put("alone", quiet).put("duringUploads", busy));
                uploaded.set(0);
                uploadTimes.reset();
                continue;
            }
            round++;
            uploadSeconds += phaseSeconds;
            quietP99s.add(quiet);
            quietAcks.addAll(quietAcksOfRound);
            quietFanout.addAll(quietFanoutOfRound);
            busyP99s.add(busy);
            busyAcks.addAll(acks);
            busyFanout.addAll(fanout.get());
        }
        result.put("warmups", warmups);
        result.put("postAckP50MsQuiet", quietAcks.ms(50)).put("postAckP99MsQuiet", quietAcks.ms(99))
                .put("fanoutP50MsQuiet", quietFanout.ms(50)).put("fanoutP99MsQuiet", quietFanout.ms(99))
                .put("postsQuiet", quietAcks.count())
                .put("uploads", uploaded.get()).put("uploadFailures", uploadFailures.get())
                .put("uploadMBps", Math.round(uploaded.get() * (double) fileBytes / 1048576 / uploadSeconds * 100) / 100.0)
                .put("uploadP50Ms", uploadTimes.ms(50)).put("uploadP99Ms", uploadTimes.ms(99))
                .put("postAckP50MsDuringUploads", busyAcks.ms(50)).put("postAckP99MsDuringUploads", busyAcks.ms(99))
                .put("fanoutP50MsDuringUploads", busyFanout.ms(50)).put("fanoutP99MsDuringUploads", busyFanout.ms(99))
                .put("postsDuringUploads", busyAcks.count())
                .put("p99ByRoundQuiet", quietP99s).put("p99ByRoundDuringUploads", busyP99s);

        // 3. downloads of one sent file by every client at once
        if (!fileIds.isEmpty()) {
            long fileId = fileIds.get(0);
            Stats downloadTimes = new Stats();
            AtomicLong bytesDown = new AtomicLong();
            AtomicLong downloadFailures = new AtomicLong();
            ExecutorService readers = Executors.newFixedThreadPool(clients);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long d0 = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                Http.Guest who = uploaders.get(i);
                readers.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            bytesDown.addAndGet(download(who.token(), fileId));
                            downloadTimes.add((System.nanoTime() - t0) / 1000);
                        } catch (Exception e) {
                            downloadFailures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            readers.shutdown();
            readers.awaitTermination(5, TimeUnit.MINUTES);
            double downloadSeconds = (System.nanoTime() - d0) / 1e9;
            result.put("downloads", downloadTimes.count()).put("downloadFailures", downloadFailures.get())
                    .put("downloadMBps", Math.round(bytesDown.get() / 1048576.0 / downloadSeconds * 100) / 100.0)
                    .put("downloadP50Ms", downloadTimes.ms(50)).put("downloadP99Ms", downloadTimes.ms(99));
        }
        result.put("postFailures", postFailures.get());
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        return result;
    }

    /** What the server did during a phase: its CPU, its JIT's time (NaN where the JVM does not tell) and its collections. */
    private record Server(double seconds, double cpuPercent, double jitMillis, Proc.Gc gc) {

        record Mark(Proc.Vm vm, long cpuMicros, long nanos) {
        }

        static Mark mark(long pid) {
            return new Mark(Proc.Vm.of(pid), Proc.cpuMicros(pid), System.nanoTime());
        }

        static Server since(long pid, Mark start) {
            Proc.Vm vm = Proc.Vm.of(pid).since(start.vm());
            double seconds = (System.nanoTime() - start.nanos()) / 1e9;
            return new Server(seconds, (Proc.cpuMicros(pid) - start.cpuMicros()) / 1e4 / seconds, vm.compileMillis(), vm.gc());
        }

        double jitShare() {
            return jitMillis / 1000 / seconds;
        }

        Json.Obj json() {
            return new Json.Obj().put("cpuPercent", Math.round(cpuPercent * 10) / 10.0)
                    .put("jitMs", Double.isNaN(jitMillis) ? null : Math.round(jitMillis))
                    .put("gc", gc == null ? null : gc.json());
        }

        String text() {
            return String.format("CPU %.0f%%, JIT %.0f ms, GC %s", cpuPercent, jitMillis, gc == null ? "?" : gc.text());
        }
    }
}
