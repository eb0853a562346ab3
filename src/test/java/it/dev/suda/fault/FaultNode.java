package it.dev.suda.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Suda node of the fault suite: a Liberty server of its own name in the suite's own user directory, with the
 * build's runtime and WAR, run in the foreground ({@code server run} execs the JVM, so the process started here
 * is the server itself and SIGKILL reaches it). The build's test nodes and their directories are untouched.
 */
final class FaultNode {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int httpPort;
    private final int httpsPort;
    private final Path wlp;
    private final Path userDir;
    private final Map<String, String> environment;
    private Process process;

    FaultNode(String name, int httpPort, int httpsPort, Path wlp, Path userDir, Map<String, String> environment) {
        this.name = name;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.wlp = wlp;
        this.userDir = userDir;
        this.environment = environment;
    }

    String base() {
        return "http://127.0.0.1:" + httpPort;
    }

    Path serverDir() {
        return userDir.resolve("servers").resolve(name);
    }

    /**
     * The server's directory: the project's server.xml and jvm.options, production.xml as an override (no polling
     * for changes), the WAR, and the JDBC drivers the build copied into the shared resources.
     */
    void prepare(Path project, Path war) throws IOException {
        Path server = serverDir();
        deleteTree(server);
        Files.createDirectories(server.resolve("apps"));
        Files.createDirectories(server.resolve("configDropins/overrides"));
        Path config = project.resolve("src/main/liberty/config");
        Files.copy(config.resolve("server.xml"), server.resolve("server.xml"));
        // C1 only: the suite's nodes start and restart on a shared, loaded machine; their speed is not measured
        Files.writeString(server.resolve("jvm.options"), Files.readString(config.resolve("jvm.options"))
                + "\n-XX:TieredStopAtLevel=1\n");
        Files.copy(project.resolve("src/main/liberty/production.xml"), server.resolve("configDropins/overrides/production.xml"));
        Files.copy(war, server.resolve("apps/suda.war"));
        Path drivers = userDir.resolve("shared/resources/jdbc");
        if (!Files.isDirectory(drivers)) {
            Files.createDirectories(drivers);
            try (Stream<Path> jars = Files.list(wlp.resolve("usr/shared/resources/jdbc"))) {
                for (Path jar : jars.toList()) {
                    Files.copy(jar, drivers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    void start() {
        Map<String, String> env = new HashMap<>(environment);
        env.put("WLP_USER_DIR", userDir.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HTTP_PORT", String.valueOf(httpPort));
        env.put("HTTPS_PORT", String.valueOf(httpsPort));
        process = OwnProcesses.start(List.of(wlp.resolve("bin/server").toString(), "run", name), env,
                userDir.resolve(name + ".console.log"));
    }

    /** Waits until /health/ready says UP (the application deployed, the database and Redis answer). */
    void awaitReady(int seconds) {
        Wait.until(name + " ready on port " + httpPort, seconds, () -> {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(name + " ended: " + OwnProcesses.tail(userDir.resolve(name + ".console.log")));
            }
            return readyStatus() == 200;
        });
    }

    /** The HTTP status of /health/ready: 200 UP, 503 DOWN, -1 if the node does not answer. */
    int readyStatus() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String readyBody() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "(no answer: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is cleaned up, as when the machine or the OOM killer ends it. */
    void kill() {
        OwnProcesses.kill(process);
        process = null;
    }

    void stop() {
        OwnProcesses.stop(process, 60);
        process = null;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
