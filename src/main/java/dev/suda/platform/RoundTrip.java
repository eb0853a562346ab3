package dev.suda.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Statements that go to the database together: in one round trip where the connection takes several statements
 * at once (MySQL/MariaDB with Connector/J's {@code allowMultiQueries}; see {@code Migrations.multiStatements}), else
 * one after the other on the same connection. Either way each statement binds its own parameters and reads its own
 * result, and they run in the order they were added.
 *
 * <p>A batch of posts makes its few statements this way: each round trip is a wake-up of the database's thread and
 * then of the writer's, which on a busy core cost more than the statements.
 */
public final class RoundTrip {

    /** Binds a statement's parameters from index {@code first} on; returns the index after its last. */
    @FunctionalInterface
    public interface Binder {
        int bind(PreparedStatement statement, int first) throws SQLException;
    }

    /** Reads a query's rows. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** What a statement of the round trip got, once it has run. */
    public static final class Result<T> {
        private T value;
        private boolean set;

        public T get() {
            if (!set) {
                throw new IllegalStateException("The round trip has not run");
            }
            return value;
        }

        private void set(T value) {
            this.value = value;
            this.set = true;
        }
    }

    private record Part(String sql, Binder binder, Reader<?> reader, Result<Object> result, boolean keys) {
    }

    private final Connection connection;
    private final boolean together;
    private final List<Part> parts = new ArrayList<>();

    /**
     * @param together the connection takes several statements in one; when false, they go one by one
     */
    public RoundTrip(Connection connection, boolean together) {
        this.connection = connection;
        this.together = together;
    }

    /** Adds a query; its result is what the reader makes of its rows. */
    public <T> Result<T> query(String sql, Binder binder, Reader<T> reader) {
        return add(sql, binder, reader, false);
    }

    /** Adds an UPDATE (or DELETE); its result is the number of rows it changed. */
    public Result<Long> update(String sql, Binder binder) {
        return add(sql, binder, null, false);
    }

    /**
     * Adds an INSERT whose generated keys are wanted; its result is those keys, in insert order. Only the first
     * statement of a round trip can be one: a driver reports the keys of the first statement it ran.
     */
    public Result<List<Long>> insert(String sql, Binder binder) {
        if (!parts.isEmpty()) {
            throw new IllegalStateException("An INSERT whose keys are wanted must come first in a round trip");
        }
        return add(sql, binder, null, true);
    }

    @SuppressWarnings("unchecked")
    private <T> Result<T> add(String sql, Binder binder, Reader<?> reader, boolean keys) {
        Result<T> result = new Result<>();
        parts.add(new Part(sql, binder, reader, (Result<Object>) result, keys));
        return result;
    }

    /** Runs the statements, in order; afterwards each result holds what its statement got. */
    public void run() throws SQLException {
        if (together && parts.size() > 1) {
            runTogether();
        } else {
            for (Part part : parts) {
                try (PreparedStatement statement = prepare(part.sql(), part.keys())) {
                    part.binder().bind(statement, 1);
                    collect(part, statement, statement.execute());
                }
            }
        }
    }

    private void runTogether() throws SQLException {
        String sql = parts.stream().map(Part::sql).collect(Collectors.joining(";\n"));
        try (PreparedStatement statement = prepare(sql, parts.get(0).keys())) {
            int next = 1;
            for (Part part : parts) {
                next = part.binder().bind(statement, next);
            }
            boolean rows = statement.execute();
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    rows = statement.getMoreResults();
                }
                collect(parts.get(i), statement, rows);
            }
        }
    }

    private PreparedStatement prepare(String sql, boolean keys) throws SQLException {
        return keys ? connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : connection.prepareStatement(sql);
    }

    private static void collect(Part part, PreparedStatement statement, boolean rows) throws SQLException {
        if (part.reader() != null) {
            if (!rows) {
                throw new SQLException("Expected rows from: " + part.sql());
            }
            try (ResultSet resultSet = statement.getResultSet()) {
                part.result().set(part.reader().read(resultSet));
            }
        } else if (rows) {
            throw new SQLException("Expected an update count from: " + part.sql());
        } else if (part.keys()) {
            List<Long> keys = new ArrayList<>();
            try (ResultSet generated = statement.getGeneratedKeys()) {
                while (generated.next()) {
                    keys.add(generated.getLong(1));
                }
            }
            part.result().set(keys);
        } else {
            part.result().set((long) statement.getUpdateCount());
        }
    }
}
