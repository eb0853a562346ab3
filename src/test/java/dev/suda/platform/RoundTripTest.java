package dev.suda.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statements of a round trip, one by one on an in-memory Derby (the embedded default's database); the MySQL
 * path, all of them in one round trip, is what every post takes in the integration tests on MariaDB.
 */
class RoundTripTest {

    static {
        // the embedded engine's log goes with the build's output, not into the project
        System.setProperty("derby.stream.error.file", "target/derby-unit.log");
    }

    private Connection connection;

    @BeforeEach
    void database() throws SQLException {
        connection = DriverManager.getConnection("jdbc:derby:memory:roundtrip;create=true");
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE notes (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, room BIGINT, body VARCHAR(20))");
        }
    }

    @AfterEach
    void drop() throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE notes");
        }
        connection.close();
    }

    @Test
    void eachStatementBindsItsOwnParametersAndGetsItsOwnResult() throws SQLException {
        RoundTrip trip = new RoundTrip(connection, false);
        RoundTrip.Result<List<Long>> keys = trip.insert("INSERT INTO notes (room, body) VALUES (?, ?)", (s, first) -> {
            s.setLong(first, 7);
            s.setString(first + 1, "안녕 👋");
            return first + 2;
        });
        RoundTrip.Result<Long> changed = trip.update("UPDATE notes SET body = ? WHERE room = ?", (s, first) -> {
            s.setString(first, "edited");
            s.setLong(first + 1, 7);
            return first + 2;
        });
        RoundTrip.Result<List<String>> bodies = trip.query("SELECT body FROM notes WHERE room IN (?, ?)", (s, first) -> {
            s.setLong(first, 7);
            s.setLong(first + 1, 8);
            return first + 2;
        }, rows -> {
            List<String> read = new ArrayList<>();
            while (rows.next()) {
                read.add(rows.getString(1));
            }
            return read;
        });

        trip.run();

        assertEquals(1, keys.get().size());
        assertEquals(1L, changed.get());
        assertEquals(List.of("edited"), bodies.get());
    }

    @Test
    void aResultIsNotThereBeforeTheRoundTripRan() {
        RoundTrip trip = new RoundTrip(connection, false);
        RoundTrip.Result<Long> changed = trip.update("UPDATE notes SET body = 'x'", (s, first) -> first);

        assertThrows(IllegalStateException.class, changed::get);
    }

    @Test
    void anInsertWhoseKeysAreWantedMustComeFirst() {
        RoundTrip trip = new RoundTrip(connection, true);
        trip.update("UPDATE notes SET body = 'x'", (s, first) -> first);

        assertThrows(IllegalStateException.class,
                () -> trip.insert("INSERT INTO notes (room, body) VALUES (1, 'x')", (s, first) -> first));
    }

    @Test
    void aQueryThatGetsNoRowsIsAnError() {
        RoundTrip trip = new RoundTrip(connection, false);
        trip.query("UPDATE notes SET body = 'x'", (s, first) -> first, rows -> null);

        assertThrows(SQLException.class, trip::run);
    }
}
