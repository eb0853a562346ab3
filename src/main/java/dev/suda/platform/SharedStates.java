package dev.suda.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Chooses the shared state: Redis when REDIS_URL is set, else the in-process store. */
@ApplicationScoped
public class SharedStates {

    private static final Logger LOG = Logger.getLogger(SharedStates.class.getName());

    @Inject
    @ConfigProperty(name = "redis.url")
    Optional<String> redisUrl;

    @Inject
    @ConfigProperty(name = "redis.namespace", defaultValue = "suda")
    String namespace;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Outages outages;

    @Produces
    @ApplicationScoped
    SharedState sharedState() {
        SharedState state = redisUrl.filter(url -> !url.isBlank())
                .<SharedState>map(url -> new RedisSharedState(URI.create(url.trim()), namespace, threads,
                        failure -> outages.failed(Outages.Dependency.SHARED_STATE, failure)))
                .orElseGet(LocalSharedState::new);
        LOG.info(() -> "Suda shared state: " + state.describe()
                + (state instanceof LocalSharedState ? " - REDIS_URL is not set, so this node runs alone" : ""));
        return state;
    }

    void close(@Disposes SharedState state) {
        if (state instanceof RedisSharedState redis) {
            redis.close();
        }
    }
}
