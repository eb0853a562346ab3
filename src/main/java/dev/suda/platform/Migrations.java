package dev.suda.platform;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date at start-up with Flyway, before anything reads it. A database that is not
 * there yet is tried again every few seconds; readiness stays DOWN until the schema is current.
 */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    @Resource(lookup = "jdbc/suda")
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Event<SchemaReady> schemaReady;

    private volatile boolean current;
    private volatile String database = "unknown";
    private volatile boolean mysql;
    private volatile boolean consecutiveIds;
    private volatile boolean multiStatements;
    private ScheduledFuture<?> retry;

    /** Fired once the schema is current, for whatever must run on it at start-up. */
    public record SchemaReady(String database) {
    }

    void onStartup(@Observes @Priority(1) Startup startup) {
        if (!migrate()) {
            retry = scheduler.scheduleWithFixedDelay(() -> {
                if (migrate()) {
                    retry.cancel(false);
                }
            }, 5, 5, TimeUnit.SECONDS);
        }
    }

    private synchronized boolean migrate() {
        if (current) {
            return true;
        }
        try {
            String vendor = vendorFolder();
            Flyway flyway = Flyway.configure(getClass().getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + vendor)
                    // features are built side by side: one merged later may bring a lower version than one applied
                    .outOfOrder(true)
                    .load();
            MigrateResult result = flyway.migrate();
            String version = String.valueOf(flyway.info().current().getVersion());
            LOG.info(() -> "Suda database: " + database + "; schema at version " + version
                    + " (" + result.migrationsExecuted + " migrations applied now)"
                    + ("derby".equals(vendor) ? " - DB_URL is not set, so data lives in the embedded Derby database" : ""));
            current = true;
            schemaReady.fire(new SchemaReady(database));
            return true;
        } catch (RuntimeException | SQLException e) {
            LOG.log(Level.SEVERE, "Suda could not migrate the database; trying again in 5 s", e);
            return false;
        }
    }

    private String vendorFolder() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            var meta = connection.getMetaData();
            database = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            mysql = !meta.getDatabaseProductName().toLowerCase().contains("derby");
            consecutiveIds = mysql && consecutiveIds(connection);
            multiStatements = mysql && multiStatements(connection);
            return mysql ? "mysql" : "derby";
        }
    }

    public boolean current() {
        return current;
    }

    /** True on MySQL/MariaDB (false on the embedded Derby): for the few queries that need that dialect's hints. */
    public boolean mysql() {
        return mysql;
    }

    /**
     * True when one multi-row INSERT gets consecutive auto-increment ids, so that its generated keys are its ids:
     * InnoDB's "consecutive" or "traditional" lock mode (MariaDB's default) with an increment of 1. MySQL 8's
     * default, "interleaved", promises no such thing.
     */
    public boolean consecutiveIds() {
        return consecutiveIds;
    }

    private static boolean consecutiveIds(Connection connection) {
        try (var statement = connection.createStatement();
             var row = statement.executeQuery("SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment")) {
            return row.next() && row.getInt(1) <= 1 && row.getInt(2) == 1;
        } catch (SQLException e) {
            LOG.log(Level.INFO, "Could not read the auto-increment lock mode; ids of a batch are read back", e);
            return false;
        }
    }

    /**
     * True when a connection takes several statements in one round trip (Connector/J's {@code allowMultiQueries},
     * which server.xml sets; an operator's own data source may not): see {@link RoundTrip}.
     */
    public boolean multiStatements() {
        return multiStatements;
    }

    private static boolean multiStatements(Connection connection) {
        try (var statement = connection.createStatement()) {
            statement.execute("SELECT 1; SELECT 2");
            return true;
        } catch (SQLException e) {
            LOG.info(() -> "The database connection takes one statement at a time (allowMultiQueries is off): "
                    + "a batch of posts then costs five round trips instead of three");
            return false;
        }
    }

    public String database() {
        return database;
    }

    @PreDestroy
    void stopRetrying() {
        if (retry != null) {
            retry.cancel(false);
        }
    }
}
