package dev.suda.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Chooses the shared state: a Redis Cluster when REDIS_CLUSTER is set, Redis when REDIS_URL is, else the in-process store. */
@ApplicationScoped
public class SharedStates {

    private static final Logger LOG = Logger.getLogger(SharedStates.class.getName());

    @Inject
    @ConfigProperty(name = "redis.url")
    Optional<String> redisUrl;

    @Inject
    @ConfigProperty(name = "redis.cluster")
    Optional<String> redisCluster;

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
        Consumer<RuntimeException> failures = failure -> outages.failed(Outages.Dependency.SHARED_STATE, failure);
        SharedState state = redisCluster.filter(nodes -> !nodes.isBlank())
                .<SharedState>map(nodes -> new RedisSharedState(RedisSharedState.clusterNodes(nodes), namespace, threads, failures))
                .or(() -> redisUrl.filter(url -> !url.isBlank())
                        .map(url -> new RedisSharedState(URI.create(url.trim()), namespace, threads, failures)))
                .orElseGet(LocalSharedState::new);
        LOG.info(() -> "Suda shared state: " + state.describe()
                + (state instanceof LocalSharedState ? " - neither REDIS_CLUSTER nor REDIS_URL is set, so this node runs alone" : ""));
        return state;
    }

    void close(@Disposes SharedState state) {
        if (state instanceof RedisSharedState redis) {
            redis.close();
        }
    }
}
