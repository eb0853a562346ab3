package it.dev.suda.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A MariaDB server of the fault suite's own: its own data directory (made by mariadb-install-db), port and socket
 * under target/, so that stopping it touches nobody else's database.
 */
final class OwnMariaDb {

    static final String DATABASE = "suda";
    static final String USER = "suda";
    static final String PASSWORD = "suda-fault";

    private final Path dir;
    private final int port;
    private Process process;

    OwnMariaDb(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/mariadbd")) || Files.isExecutable(Path.of("/usr/bin/mariadbd"));
    }

    private static String daemon() {
        return Files.isExecutable(Path.of("/usr/sbin/mariadbd")) ? "/usr/sbin/mariadbd" : "/usr/bin/mariadbd";
    }

    int port() {
        return port;
    }

    String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** A fresh data directory, the server started, and Suda's database and account made. */
    void create() throws IOException, SQLException {
        Files.createDirectories(dir);
        OwnProcesses.run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db"),
                dir.resolve("install.log"), 120);
        start();
        try (Connection root = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "root", "");
             var sql = root.createStatement()) {
            sql.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            sql.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            sql.execute("GRANT ALL ON " + DATABASE + ".* TO '" + USER + "'@'%'");
        }
    }

    void start() {
        // the socket's path must stay short (108 bytes): under a deep checkout it goes to the temporary directory
        Path socket = dir.resolve("mysqld.sock");
        if (socket.toString().length() > 100) {
            socket = Path.of(System.getProperty("java.io.tmpdir"), "suda-fault-" + port + ".sock");
        }
        process = OwnProcesses.start(List.of(daemon(), "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + socket,
                "--pid-file=" + dir.resolve("mariadbd.pid"), "--user=root", "--skip-log-bin",
                "--innodb-buffer-pool-size=64M", "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci", "--log-error=" + dir.resolve("error.log")),
                Map.of(), dir.resolve("mariadbd.out"));
        Wait.until("MariaDB on port " + port + " answers", 90, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd ended: " + OwnProcesses.tail(dir.resolve("error.log")));
            }
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "root", "")) {
                return c.isValid(2);
            } catch (SQLException notYet) {
                return false;
            }
        });
    }

    /** A clean shutdown (SIGTERM), as an operator's restart does. */
    void stop() {
        OwnProcesses.stop(process, 60);
        process = null;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }
}
