package it.dev.suda.fault;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.RedisClient;

/** A redis-server of the fault suite's own, on its own port, keeping nothing on disk (as a restart loses all). */
final class OwnRedis {

    private final Path dir;
    private final int port;
    private Process process;

    OwnRedis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/redis-server")) || Files.isExecutable(Path.of("/usr/local/bin/redis-server"));
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    void start() throws IOException {
        Files.createDirectories(dir);
        process = OwnProcesses.start(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"),
                Map.of(), dir.resolve("redis.log"));
        Wait.until("Redis on port " + port + " answers", 30, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server ended: " + OwnProcesses.tail(dir.resolve("redis.log")));
            }
            try (RedisClient redis = client()) {
                return "PONG".equals(redis.ping());
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    /** SIGTERM: with nothing saved, what it held is gone when it starts again. */
    void stop() {
        OwnProcesses.stop(process, 30);
        process = null;
    }

    void flushAll() {
        try (RedisClient redis = client()) {
            redis.flushAll();
        }
    }

    /** The members of a set, by its full key. */
    Set<String> members(String key) {
        try (RedisClient redis = client()) {
            return redis.smembers(key);
        }
    }

    private RedisClient client() {
        return RedisClient.create(URI.create(url()));
    }
}
