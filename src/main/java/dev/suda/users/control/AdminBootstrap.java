package dev.suda.users.control;

import dev.suda.platform.Migrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The first site admin comes from ADMIN_EMAIL and ADMIN_PASSWORD, once the schema is in place. */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

    @Inject
    Users users;

    @Inject
    @ConfigProperty(name = "admin.email")
    Optional<String> email;

    @Inject
    @ConfigProperty(name = "admin.password")
    Optional<String> password;

    void onSchemaReady(@Observes Migrations.SchemaReady ready) {
        if (email.filter(e -> e.contains("@")).isPresent() && password.filter(p -> !p.isBlank()).isPresent()) {
            long id = users.ensureAdmin(email.get(), password.get()).getId();
            LOG.info(() -> "Site admin " + email.get() + " is user " + id);
        }
    }
}
