package dev.suda.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the generator reads about a process: CPU time from /proc, RSS, and heap after a GC through jcmd. */
final class Proc {

    private static final long TICK_MICROS = 1_000_000L / Long.getLong("clk.tck", 100);
    /** G1 prints one "garbage-first heap ... used NK" line; Serial and Parallel print one line per generation. */
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^\\s*(garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen|ZHeap|Shenandoah)\\b.*?used\\s+(\\d+)K");

    private Proc() {
    }

    /** utime + stime of a process, in microseconds (tick resolution). */
    static long cpuMicros(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MICROS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The machine's CPU time so far, from the first line of /proc/stat: all of it, and the part the hypervisor ran
     * something else on while this guest had work (steal). On a shared virtual machine that part comes and goes;
     * a step that lost much of it measured the host, not the server.
     */
    record CpuTicks(long total, long stolen, long coreTotal, long coreIdle) {

        /**
         * The core the generator is pinned to, where it is pinned to one ({@code /proc/self/status}), else -1. The
         * benchmark moves a local MariaDB and Redis there too, so that core's load is the client side's: the
         * generator's, and the services' that stand for other machines.
         */
        static final int GENERATOR_CORE = pinnedCore();
        private static final String CORE_LINE = "cpu" + GENERATOR_CORE + " ";

        static CpuTicks now() {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
                long[] all = ticks(lines.get(0));
                long[] core = null;
                for (int i = 1; GENERATOR_CORE >= 0 && core == null && i < lines.size(); i++) {
                    core = lines.get(i).startsWith(CORE_LINE) ? ticks(lines.get(i)) : null;
                }
                // user nice system idle iowait irq softirq steal; guest time is counted within user already
                return new CpuTicks(sum(all), all[7], core == null ? 0 : sum(core), core == null ? 0 : core[3] + core[4]);
            } catch (IOException | RuntimeException e) {
                return new CpuTicks(0, 0, 0, 0);
            }
        }

        private static long[] ticks(String line) {
            String[] f = line.trim().split("\\s+");
            long[] t = new long[8];
            for (int i = 1; i <= 8 && i < f.length; i++) {
                t[i - 1] = Long.parseLong(f[i]);
            }
            return t;
        }

        private static long sum(long[] t) {
            long total = 0;
            for (long v : t) {
                total += v;
            }
            return total;
        }

        private static int pinnedCore() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Cpus_allowed_list:")) {
                        String list = line.substring(line.indexOf(':') + 1).trim();
                        return list.matches("\\d+") ? Integer.parseInt(list) : -1;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: no core to watch
            }
            return -1;
        }

        /** The share of the machine's CPU time stolen since {@code before}, in percent. */
        double stolenPercentSince(CpuTicks before) {
            long total = this.total - before.total;
            return total <= 0 ? 0 : (this.stolen - before.stolen) * 100.0 / total;
        }

        /** How busy the generator's core was since {@code before}, in percent; NaN where it is not pinned to one. */
        double generatorCoreBusyPercentSince(CpuTicks before) {
            long total = coreTotal - before.coreTotal;
            return total <= 0 ? Double.NaN : (total - (coreIdle - before.coreIdle)) * 100.0 / total;
        }
    }

    /** The generator's own CPU time, in microseconds. */
    static long selfCpuMicros() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1000;
        }
        return cpuMicros(ProcessHandle.current().pid());
    }

    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Heap in use right after a full GC (jcmd GC.run, then GC.heap_info), in KiB. */
    static long heapAfterGcKiB(long pid) {
        exec("jcmd", String.valueOf(pid), "GC.run");
        String info = exec("jcmd", String.valueOf(pid), "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        long used = -1;
        while (m.find()) {
            used = Math.max(0, used) + Long.parseLong(m.group(2));
        }
        return used;
    }

    private static final Pattern COMPILE_TIME = Pattern.compile("(?m)^java\\.ci\\.totalTime=(\\d+)");
    private static final Pattern TICKS_PER_SECOND = Pattern.compile("(?m)^sun\\.os\\.hrt\\.frequency=(\\d+)");

    /**
     * How long the JIT of a HotSpot JVM has spent compiling since it started, in milliseconds (its
     * {@code java.ci.totalTime} counter); -1 where the JVM does not tell.
     */
    private static double compileMillisOf(String counters) {
        Matcher time = COMPILE_TIME.matcher(counters);
        Matcher ticks = TICKS_PER_SECOND.matcher(counters);
        if (!time.find() || !ticks.find()) {
            return -1;
        }
        return Long.parseLong(time.group(1)) * 1000.0 / Long.parseLong(ticks.group(1));
    }

    private static final Pattern COLLECTOR = Pattern.compile("(?m)^sun\\.gc\\.collector\\.(\\d+)\\.(invocations|time)=(\\d+)");

    /**
     * The server's garbage collections so far: young (collector 0) and full (collector 1) pauses, counts and
     * milliseconds (its {@code sun.gc.collector.*} counters, through {@code jcmd PerfCounter.print}); null where the
     * JVM does not tell.
     */
    private static Gc gcOf(String counters) {
        Matcher ticks = TICKS_PER_SECOND.matcher(counters);
        if (!ticks.find()) {
            return null;
        }
        double perMilli = Long.parseLong(ticks.group(1)) / 1000.0;
        long[] count = new long[2];
        double[] millis = new double[2];
        Matcher m = COLLECTOR.matcher(counters);
        while (m.find()) {
            int collector = Integer.parseInt(m.group(1));
            if (collector > 1) {
                continue;
            }
            long value = Long.parseLong(m.group(3));
            if (m.group(2).equals("invocations")) {
                count[collector] = value;
            } else {
                millis[collector] = value / perMilli;
            }
        }
        return new Gc(count[0], millis[0], count[1], millis[1]);
    }

    /**
     * A server's garbage collections and the time its JIT has spent compiling, from one reading of its counters (each
     * reading attaches to the server, so a step reads them once before and once after).
     */
    record Vm(Gc gc, double compileMillis) {

        static Vm of(long pid) {
            String counters = perfCounters(pid);
            return new Vm(gcOf(counters), compileMillisOf(counters));
        }

        /** The collections and compile time since {@code before}; either part null or NaN where one reading lacks it. */
        Vm since(Vm before) {
            return new Vm(gc == null || before.gc == null ? null : gc.minus(before.gc),
                    compileMillis < 0 || before.compileMillis < 0 ? Double.NaN : compileMillis - before.compileMillis);
        }
    }

    /** Collections so far, or between two readings. */
    record Gc(long young, double youngMillis, long full, double fullMillis) {

        Gc minus(Gc before) {
            return new Gc(young - before.young, youngMillis - before.youngMillis, full - before.full,
                    fullMillis - before.fullMillis);
        }

        Json.Obj json() {
            return new Json.Obj().put("young", young).put("youngMs", youngMillis).put("full", full).put("fullMs", fullMillis);
        }

        /** Read back from {@link #json}; null for anything else (a step of a report without collections). */
        static Gc of(Object json) {
            if (!(json instanceof Json.Obj gc)) {
                return null;
            }
            return new Gc(((Number) gc.get("young")).longValue(), ((Number) gc.get("youngMs")).doubleValue(),
                    ((Number) gc.get("full")).longValue(), ((Number) gc.get("fullMs")).doubleValue());
        }

        /** For a log line or a table cell: "2 (31 ms)", a full collection flagged. */
        String text() {
            return young + full + " (" + Math.round(youngMillis + fullMillis) + " ms" + (full > 0 ? ", " + full + " full" : "") + ")";
        }
    }

    /** A HotSpot JVM's performance counters, one per line ({@code jcmd PerfCounter.print}); empty where it does not tell. */
    private static String perfCounters(long pid) {
        return exec("jcmd", String.valueOf(pid), "PerfCounter.print");
    }

    private static final Pattern HISTOGRAM_LINE = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** The live objects of a JVM by class (after a full collection): class name to {instances, bytes}. */
    static java.util.Map<String, long[]> classHistogram(long pid) {
        String out = exec("jcmd", String.valueOf(pid), "GC.class_histogram");
        java.util.Map<String, long[]> classes = new java.util.HashMap<>();
        Matcher m = HISTOGRAM_LINE.matcher(out);
        while (m.find()) {
            classes.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }
        return classes;
    }

    /**
     * What {@code count} objects (sockets) added between two histograms, by class: the {@code top} classes that grew
     * most, each with instances and bytes per object.
     */
    static Json.Arr histogramGrowth(java.util.Map<String, long[]> before, java.util.Map<String, long[]> after, double count, int top) {
        Json.Arr rows = new Json.Arr();
        after.entrySet().stream()
                .map(e -> {
                    long[] was = before.getOrDefault(e.getKey(), new long[2]);
                    return java.util.Map.entry(e.getKey(), new long[] {e.getValue()[0] - was[0], e.getValue()[1] - was[1]});
                })
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(top)
                .forEach(e -> rows.add(new Json.Obj().put("class", e.getKey())
                        .put("instancesPerSocket", e.getValue()[0] / count)
                        .put("bytesPerSocket", e.getValue()[1] / count)));
        return rows;
    }

    static String exec(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(60, TimeUnit.SECONDS);
            return new String(out);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A command's output given stdin (the mysql client, for seeding and for checking acknowledged ids). */
    static String pipe(String stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes());
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroy();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        String text = new String(out);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + text);
        }
        return text;
    }
}
