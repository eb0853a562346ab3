package dev.suda.health;

import dev.suda.platform.Migrations;
import dev.suda.platform.Outages;
import dev.suda.platform.SharedState;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the schema is current and both the database and the shared state answer: DOWN while either is away,
 * with since when (the node's outage tracking), so that a balancer sends no one to a node that would refuse them.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Resource(lookup = "jdbc/suda")
    DataSource dataSource;

    @Inject
    Migrations migrations;

    @Inject
    SharedState state;

    @Inject
    Outages outages;

    @Override
    public HealthCheckResponse call() {
        boolean database = databaseAnswers();
        boolean shared = state.reachable();
        return HealthCheckResponse.named("suda")
                .status(migrations.current() && database && shared)
                .withData("schema", migrations.current() ? "current" : "migrating")
                .withData("database", database ? migrations.database() : "unreachable")
                .withData("sharedState", (shared ? "" : "unreachable: ") + state.describe())
                .withData("databaseDownSince", since(Outages.Dependency.DATABASE))
                .withData("sharedStateDownSince", since(Outages.Dependency.SHARED_STATE))
                .build();
    }

    /** When the node's probe (or a request) last found the dependency away, or "" while it answers. */
    private String since(Outages.Dependency dependency) {
        return outages.downSince(dependency).map(Object::toString).orElse("");
    }

    private boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
