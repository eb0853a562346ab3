package dev.suda.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** report.json (headline figures at the top level, then the run's facts and every scenario) and report.md. */
final class Report {

    private Report() {
    }

    static Object at(Json.Obj results, String... path) {
        Object v = results;
        for (String key : path) {
            if (!(v instanceof Json.Obj obj)) {
                return null;
            }
            v = obj.get(key);
        }
        return v;
    }

    /** The p99 of each window of a scenario's steps, e.g. "13.6, 18.4, 21.0". */
    static String windowP99s(Object steps) {
        if (!(steps instanceof Json.Arr arr)) {
            return "–";
        }
        List<String> p99s = new ArrayList<>();
        for (Object step : arr.items) {
            p99s.add(f(((Json.Obj) step).get("p99Ms"), 1));
        }
        return String.join(", ", p99s);
    }

    /** One phase of an f round, as two cells: "6.0 / 14.1, 12.9 | 15, 452". */
    private static String filesPhase(Object phase) {
        if (!(phase instanceof Json.Obj p)) {
            return "– | –";
        }
        return f(p.get("ackP50"), 1) + " / " + f(p.get("ack"), 1) + ", " + f(p.get("fanout"), 1) + " | "
                + f(at(p, "server", "cpuPercent"), 0) + ", " + f(at(p, "server", "jitMs"), 0);
    }

    static Double num(Object v) {
        return v instanceof Number n ? n.doubleValue() : null;
    }

    static void write(Path out, Path metaFile, Json.Obj results) throws IOException {
        Properties meta = new Properties();
        if (metaFile != null && Files.exists(metaFile)) {
            try (Reader r = Files.newBufferedReader(metaFile)) {
                meta.load(r);
            }
        }
        meta.setProperty("loadAfter", Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1"));
        Json.Obj report = new Json.Obj();
        report.put("fanoutRatio", at(results, "b", "fanoutRatio"));
        report.put("cpuPerCopyRatio", at(results, "b", "cpuPerCopyRatio"));
        report.put("sudaP99Ms", at(results, "b", "sudaP99Ms"));
        // (b) with coalesced writes (?batch=1), against the same ceiling in the same pairs
        report.put("batchFanoutRatio", at(results, "b", "batchFanoutRatio"));
        report.put("batchCpuPerCopyRatio", at(results, "b", "batchCpuPerCopyRatio"));
        report.put("batchP99Ms", at(results, "b", "batchP99Ms"));
        report.put("idleHeapKiBPerSocket", at(results, "a", "suda", "heapKiBPerSocket"));
        report.put("idleSockets", at(results, "a", "suda", "open"));
        report.put("idleConnectsPerSecond", at(results, "a", "suda", "connectsPerSecond"));
        // (c) at one step: the most persisted per second with p99 send-to-ack within 50 ms, and that p99
        report.put("persistedPerSecond", at(results, "c", "persistedPerSecond"));
        report.put("sendToAckP99Ms", at(results, "c", "sendToAckP99Ms"));
        report.put("maxPersistedPerSecond", at(results, "c", "maxPersistedPerSecond"));
        report.put("banEnforceP99Ms", at(results, "d", "banEnforceP99Ms"));
        report.put("lostAcked", at(results, "lostAcked", "lost"));
        report.put("historyNewestMs", at(results, "h", "newest", "p50Ms"));
        report.put("historyDeepMs", at(results, "h", "deep", "p50Ms"));
        report.put("postsPerSecond", at(results, "p", "postsPerSecond"));

        Json.Obj targets = new Json.Obj();
        target(targets, "fanoutRatio", report, ">=", 0.9);
        target(targets, "cpuPerCopyRatio", report, "<=", 1.2);
        target(targets, "batchFanoutRatio", report, ">=", 1.5);
        target(targets, "batchCpuPerCopyRatio", report, "<=", 0.7);
        target(targets, "batchP99Ms", report, "<", 100);
        target(targets, "idleHeapKiBPerSocket", report, "<=", 24);
        target(targets, "persistedPerSecond", report, ">=", 3000);
        target(targets, "sendToAckP99Ms", report, "<=", 50);
        // one target, a rate and a latency together: the rate is met only with its step's p99 within bounds
        both(targets, "persistedPerSecond", "sendToAckP99Ms");
        target(targets, "banEnforceP99Ms", report, "<=", 100);
        target(targets, "lostAcked", report, "<=", 0);
        target(targets, "postsPerSecond", report, ">=", 1000);
        report.put("targets", targets);
        Json.Obj run = new Json.Obj();
        meta.stringPropertyNames().stream().sorted().forEach(k -> run.put(k, meta.getProperty(k)));
        report.put("run", run);
        report.put("scenarios", results);
        Files.writeString(out.resolve("report.json"), report + "\n");
        Files.writeString(out.resolve("report.md"), markdown(report, results, meta));
    }

    private static void target(Json.Obj targets, String key, Json.Obj report, String op, double bound) {
        Double v = num(report.get(key));
        targets.put(key, new Json.Obj().put("target", op + " " + (bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound)))
                .put("met", v == null ? null : op.equals(">=") ? v >= bound : op.equals("<") ? v < bound : v <= bound));
    }

    /** Makes {@code first}'s target one with {@code second}'s: met only if both are. */
    private static void both(Json.Obj targets, String first, String second) {
        Json.Obj one = (Json.Obj) targets.get(first);
        Json.Obj other = (Json.Obj) targets.get(second);
        one.put("target", one.get("target") + " with " + second + " " + other.get("target"));
        if (one.get("met") != null && other.get("met") != null) {
            one.put("met", (Boolean) one.get("met") && (Boolean) other.get("met"));
        }
    }

    private static String f(Object v, int decimals) {
        Double d = num(v);
        if (d == null) {
            return v == null ? "–" : v.toString();
        }
        return String.format("%,." + decimals + "f", d);
    }

    /** The head of a table of (c)'s steps, for the counted ones and the disturbed ones alike. */
    private static final String PERSIST_TABLE = "| offered msgs/s | acked % | persisted/s | ack p50 ms | ack p99 ms | ack max ms"
            + " | server CPU % | generator CPU % | generator's core busy % | CPU stolen % | GC pauses | JIT ms |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|\n";

    /** One step of (c) as a row of its table. */
    private static void persistRow(StringBuilder md, Json.Obj s) {
        md.append("| ").append(f(s.get("rateMsgsPerSecond"), 0)).append(" | ").append(f(s.get("ackedPercent"), 2)).append(" | ")
                .append(f(s.get("persistedPerSecond"), 0)).append(" | ").append(f(at(s, "sendToAck", "p50Ms"), 1)).append(" | ")
                .append(f(at(s, "sendToAck", "p99Ms"), 1)).append(" | ").append(f(at(s, "sendToAck", "maxMs"), 1)).append(" | ")
                .append(f(s.get("serverCpuPercent"), 0)).append(" | ").append(f(s.get("generatorCpuPercent"), 0)).append(" | ")
                .append(f(s.get("generatorCoreBusyPercent"), 0)).append(" | ").append(f(s.get("stolenCpuPercent"), 0)).append(" | ")
                .append(gc(s)).append(" | ").append(f(s.get("jitMs"), 0)).append(" |\n");
    }

    /** A step's collections: "2 (31 ms)", a full one named; "–" where the server's JVM did not tell. */
    private static String gc(Json.Obj step) {
        Proc.Gc gc = Proc.Gc.of(step.get("gc"));
        return gc == null ? "–" : gc.text();
    }

    private static String markdown(Json.Obj report, Json.Obj r, Properties meta) {
        StringBuilder md = new StringBuilder("# Suda benchmark\n\n");
        md.append("| | |\n|---|---|\n");
        for (String k : new String[] {"date", "gitRevision", "jdk", "liberty", "cpu", "cores", "pinning", "servicesPinning", "memoryMonitor", "database", "redis",
                "jvmOptions", "messagesPerSecondLimit", "loadBefore", "loadAfter"}) {
            md.append("| ").append(k).append(" | ").append(meta.getProperty(k, "–")).append(" |\n");
        }
        md.append("\n## Headline (Suda against the bare-Liberty ceiling in the same run)\n\n| figure | value | target | met |\n|---|---|---|---|\n");
        Json.Obj targets = (Json.Obj) report.get("targets");
        for (String k : new String[] {"fanoutRatio", "cpuPerCopyRatio", "sudaP99Ms", "batchFanoutRatio", "batchCpuPerCopyRatio",
                "batchP99Ms", "idleHeapKiBPerSocket", "idleSockets", "idleConnectsPerSecond", "persistedPerSecond",
                "sendToAckP99Ms", "maxPersistedPerSecond", "banEnforceP99Ms", "lostAcked", "historyNewestMs", "historyDeepMs", "postsPerSecond"}) {
            Json.Obj t = (Json.Obj) targets.get(k);
            md.append("| ").append(k).append(" | ").append(f(report.get(k), 2)).append(" | ")
                    .append(t != null ? t.get("target") : k.startsWith("history") ? "few ms" : "–").append(" | ")
                    .append(t == null || t.get("met") == null ? "–" : (Boolean) t.get("met") ? "yes" : "**no**").append(" |\n");
        }
        if (at(r, "a") != null) {
            md.append("\n## (a) idle authenticated sockets\n\n| server | sockets | connects/s | heap KiB/socket | RSS KiB/socket | server CPU ms/connect |\n|---|---|---|---|---|---|\n");
            for (String s : new String[] {"ceiling", "suda"}) {
                if (at(r, "a", s) != null) {
                    md.append("| ").append(s).append(" | ").append(f(at(r, "a", s, "open"), 0)).append(" | ")
                            .append(f(at(r, "a", s, "connectsPerSecond"), 0)).append(" | ")
                            .append(f(at(r, "a", s, "heapKiBPerSocket"), 1)).append(" | ")
                            .append(f(at(r, "a", s, "rssKiBPerSocket"), 1)).append(" | ")
                            .append(f(at(r, "a", s, "serverCpuMsPerConnect"), 2)).append(" |\n");
                }
            }
        }
        if (at(r, "b", "pairs") instanceof Json.Arr pairs) {
            md.append("\n## (b) one room of ").append(f(at(r, "b", "clients"), 0)).append(", ")
                    .append(f(at(r, "b", "senders"), 0)).append(" senders: every step\n\n")
                    .append("| pair | server | msgs/s | copies/s | delivered % | p50 ms | p99 ms | max ms | server µs/copy | server CPU % | generator CPU % | generator's core busy % | CPU stolen % | GC pauses | JIT ms | pass |\n")
                    .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            int p = 0;
            for (Object pair : pairs.items) {
                p++;
                if (at((Json.Obj) pair, "steps") instanceof Json.Arr steps) {
                    for (Object o : steps.items) {
                        Json.Obj s = (Json.Obj) o;
                        md.append("| ").append(p).append(" | ").append(s.get("target")).append(" | ")
                                .append(f(s.get("rateMsgsPerSecond"), 0)).append(" | ").append(f(s.get("copiesPerSecond"), 0)).append(" | ")
                                .append(f(s.get("deliveredPercent"), 2)).append(" | ").append(f(s.get("p50Ms"), 1)).append(" | ")
                                .append(f(s.get("p99Ms"), 1)).append(" | ").append(f(s.get("maxMs"), 1)).append(" | ")
                                .append(f(s.get("serverCpuMicrosPerCopy"), 2)).append(" | ").append(f(s.get("serverCpuPercent"), 0)).append(" | ")
                                .append(f(s.get("generatorCpuPercent"), 0)).append(Boolean.TRUE.equals(s.get("generatorBound")) ? " (bound)" : "")
                                .append(" | ").append(f(s.get("generatorCoreBusyPercent"), 0))
                                .append(" | ").append(f(s.get("stolenCpuPercent"), 0)).append(" | ").append(gc(s))
                                .append(" | ").append(f(s.get("jitMs"), 0))
                                .append(" | ").append(Boolean.TRUE.equals(s.get("pass")) ? "yes" : "no").append(" |\n");
                    }
                }
                md.append("\nPair ").append(p).append(": sustainable copies/s ceiling ").append(f(at((Json.Obj) pair, "ceilingCopiesPerSecond"), 0))
                        .append(", Suda ").append(f(at((Json.Obj) pair, "sudaCopiesPerSecond"), 0)).append(", ratio ")
                        .append(f(at((Json.Obj) pair, "fanoutRatio"), 2)).append("; CPU µs/copy at ")
                        .append(f(at((Json.Obj) pair, "cpuCompareRateMsgsPerSecond"), 0)).append(" msgs/s: ceiling ")
                        .append(f(at((Json.Obj) pair, "ceilingCpuMicrosPerCopy"), 2)).append(", Suda ")
                        .append(f(at((Json.Obj) pair, "sudaCpuMicrosPerCopy"), 2)).append(", ratio ")
                        .append(f(at((Json.Obj) pair, "cpuPerCopyRatio"), 2)).append("\n");
                if (at((Json.Obj) pair, "sudaBatchCopiesPerSecond") != null || at((Json.Obj) pair, "batchFanoutRatio") != null) {
                    md.append("With batch frames: Suda ").append(f(at((Json.Obj) pair, "sudaBatchCopiesPerSecond"), 0))
                            .append(" copies/s (p99 ").append(f(at((Json.Obj) pair, "sudaBatchP99Ms"), 1)).append(" ms, ")
                            .append(f(at((Json.Obj) pair, "sudaBatchFramesPerBatch"), 1)).append(" frames a batch), ratio ")
                            .append(f(at((Json.Obj) pair, "batchFanoutRatio"), 2)).append("; CPU µs/copy at ")
                            .append(f(at((Json.Obj) pair, "batchCpuCompareRateMsgsPerSecond"), 0)).append(" msgs/s: ceiling ")
                            .append(f(at((Json.Obj) pair, "batchCeilingCpuMicrosPerCopy"), 2)).append(", Suda ")
                            .append(f(at((Json.Obj) pair, "batchSudaCpuMicrosPerCopy"), 2)).append(", ratio ")
                            .append(f(at((Json.Obj) pair, "batchCpuPerCopyRatio"), 2)).append("\n");
                }
                md.append("\n");
            }
        }
        if (at(r, "e") != null && at(r, "e", "before") != null) {
            md.append("\n## (e) 1% of readers stop reading\n\n")
                    .append("At ").append(f(at(r, "e", "rateMsgsPerSecond"), 0)).append(" msgs/s, ")
                    .append(f(at(r, "e", "rounds"), 0)).append(" windows of ").append(f(at(r, "e", "windowSeconds"), 0))
                    .append(" s with every socket reading and as many with the stopped readers, alternating: others' p99 ")
                    .append(windowP99s(at(r, "e", "before"))).append(" ms, then ").append(windowP99s(at(r, "e", "during")))
                    .append(" ms; medians ")
                    .append(f(at(r, "e", "othersP99BeforeMs"), 1)).append(" ms before, ").append(f(at(r, "e", "othersP99DuringMs"), 1))
                    .append(" ms with ").append(f(at(r, "e", "slowClients"), 0)).append(" stopped readers (")
                    .append(f(at(r, "e", "othersP99MovePercent"), 0)).append("%); heap after GC ")
                    .append(f(at(r, "e", "heapAfterGcBeforeKiB"), 0)).append(" KiB before, ")
                    .append(f(at(r, "e", "heapAfterGcWhileSlowKiB"), 0)).append(" KiB while they lag, ")
                    .append(f(at(r, "e", "heapAfterGcAfterKiB"), 0)).append(" KiB after; slow sockets closed by the server: ")
                    .append(f(at(r, "e", "slowClosedOnceReadingAgain"), 0)).append(".\n");
        }
        if (at(r, "d") != null && at(r, "d", "everyNode") != null) {
            md.append("\n## (d) ban during fan-out, two nodes\n\n").append(f(at(r, "d", "trials"), 0))
                    .append(" bans under ").append(f(at(r, "d", "loadRateMsgsPerSecond"), 0))
                    .append(" msgs/s of fan-out: time until the target can no longer send on every node p50 ")
                    .append(f(at(r, "d", "everyNode", "p50Ms"), 1)).append(" ms, p99 ").append(f(at(r, "d", "everyNode", "p99Ms"), 1))
                    .append(" ms, max ").append(f(at(r, "d", "everyNode", "maxMs"), 1)).append(" ms.\n");
        }
        if (at(r, "c", "steps") instanceof Json.Arr steps) {
            md.append("\n## (c) ").append(f(at(r, "c", "rooms"), 0)).append(" rooms of ").append(f(at(r, "c", "roomSize"), 0))
                    .append(", every member sends\n\n").append(PERSIST_TABLE);
            for (Object o : steps.items) {
                persistRow(md, (Json.Obj) o);
            }
            if (at(r, "c", "disturbedSteps") instanceof Json.Arr disturbed && !disturbed.items.isEmpty()) {
                md.append("\nRun again, the hypervisor having taken more than ").append(f(at(r, "c", "stealMaxPercent"), 0))
                        .append("% of the machine's CPU during them (not counted):\n\n").append(PERSIST_TABLE);
                for (Object o : disturbed.items) {
                    persistRow(md, (Json.Obj) o);
                }
            }
        }
        if (at(r, "p", "oneRoom") != null) {
            md.append("\n## REST posts (POST /api/messages)\n\n| rooms | posts/s | p50 ms | p99 ms | statuses |\n|---|---|---|---|---|\n");
            for (String k : new String[] {"oneRoom", "tenRooms"}) {
                md.append("| ").append(f(at(r, "p", k, "rooms"), 0)).append(" | ").append(f(at(r, "p", k, "postsPerSecond"), 0))
                        .append(" | ").append(f(at(r, "p", k, "latency", "p50Ms"), 1)).append(" | ")
                        .append(f(at(r, "p", k, "latency", "p99Ms"), 1)).append(" | ").append(at(r, "p", k, "statuses")
                        .toString().replaceAll("\\s+", " ")).append(" |\n");
            }
        }
        if (at(r, "h", "newest") != null) {
            md.append("\n## History of a room with ").append(f(at(r, "h", "messages"), 0)).append(" messages (GET /api/messages, 50 a page)\n\n")
                    .append("| page | p50 ms | p99 ms | max ms |\n|---|---|---|---|\n");
            for (String k : new String[] {"newest", "middle", "deep"}) {
                md.append("| ").append(k).append(" | ").append(f(at(r, "h", k, "p50Ms"), 2)).append(" | ")
                        .append(f(at(r, "h", k, "p99Ms"), 2)).append(" | ").append(f(at(r, "h", k, "maxMs"), 2)).append(" |\n");
            }
        }
        if (at(r, "u", "member50") != null) {
            md.append("\n## (u) room list with unread counts: a member of ").append(f(at(r, "u", "rooms"), 0))
                    .append(" rooms, ").append(f(at(r, "u", "messagesInTable"), 0)).append(" messages in the table (GET /api/rooms)\n\n")
                    .append("| page | reader | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
            for (String k : new String[] {"member50", "stranger50", "member200", "stranger200"}) {
                md.append("| ").append(k.replaceAll("\\D", "")).append(" rooms | ")
                        .append(k.startsWith("member") ? "member (counts)" : "stranger (no counts)").append(" | ")
                        .append(f(at(r, "u", k, "p50Ms"), 2)).append(" | ").append(f(at(r, "u", k, "p99Ms"), 2)).append(" | ")
                        .append(f(at(r, "u", k, "maxMs"), 2)).append(" |\n");
            }
        }
        if (at(r, "f", "uploads") != null) {
            md.append("\n## (f) files: ").append(f(at(r, "f", "clients"), 0)).append(" clients, ")
                    .append(f(at(r, "f", "fileBytes"), 0)).append("-byte files\n\n| figure | MB/s | p50 ms | p99 ms | count | failures |\n|---|---|---|---|---|---|\n")
                    .append("| upload | ").append(f(at(r, "f", "uploadMBps"), 2)).append(" | ").append(f(at(r, "f", "uploadP50Ms"), 1))
                    .append(" | ").append(f(at(r, "f", "uploadP99Ms"), 1)).append(" | ").append(f(at(r, "f", "uploads"), 0))
                    .append(" | ").append(f(at(r, "f", "uploadFailures"), 0)).append(" |\n")
                    .append("| download | ").append(f(at(r, "f", "downloadMBps"), 2)).append(" | ").append(f(at(r, "f", "downloadP50Ms"), 1))
                    .append(" | ").append(f(at(r, "f", "downloadP99Ms"), 1)).append(" | ").append(f(at(r, "f", "downloads"), 0))
                    .append(" | ").append(f(at(r, "f", "downloadFailures"), 0)).append(" |\n\n")
                    .append("| posting at ").append(f(at(r, "f", "postRate"), 0)).append("/s | ack p50 ms | ack p99 ms | fan-out p50 ms | fan-out p99 ms |\n|---|---|---|---|---|\n")
                    .append("| alone | ").append(f(at(r, "f", "postAckP50MsQuiet"), 1)).append(" | ").append(f(at(r, "f", "postAckP99MsQuiet"), 1))
                    .append(" | ").append(f(at(r, "f", "fanoutP50MsQuiet"), 1)).append(" | ").append(f(at(r, "f", "fanoutP99MsQuiet"), 1)).append(" |\n")
                    .append("| during uploads | ").append(f(at(r, "f", "postAckP50MsDuringUploads"), 1)).append(" | ")
                    .append(f(at(r, "f", "postAckP99MsDuringUploads"), 1)).append(" | ").append(f(at(r, "f", "fanoutP50MsDuringUploads"), 1))
                    .append(" | ").append(f(at(r, "f", "fanoutP99MsDuringUploads"), 1)).append(" |\n");
            if (at(r, "f", "p99ByRoundQuiet") instanceof Json.Arr quiet && at(r, "f", "p99ByRoundDuringUploads") instanceof Json.Arr busy) {
                md.append("\n| round | alone: ack p50 / p99, fan-out p99 ms | node CPU %, JIT ms | during uploads: ack p50 / p99, fan-out p99 ms | node CPU %, JIT ms |\n|---|---|---|---|---|\n");
                for (int i = 0; i < Math.min(quiet.items.size(), busy.items.size()); i++) {
                    md.append("| ").append(i + 1).append(" | ").append(filesPhase(quiet.items.get(i))).append(" | ")
                            .append(filesPhase(busy.items.get(i))).append(" |\n");
                }
            }
        }
        md.append("\nAcknowledged messages checked against the database: ").append(f(at(r, "lostAcked", "checked"), 0))
                .append(", lost: ").append(f(at(r, "lostAcked", "lost"), 0)).append(".\n");
        for (String s : new String[] {"a", "b", "c", "d", "e", "p", "h", "u", "f"}) {
            if (at(r, s, "error") != null) {
                md.append("\nScenario ").append(s).append(" failed: ").append(at(r, s, "error")).append("\n");
            }
        }
        return md.toString();
    }
}
