package dev.suda.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

/**
 * A node configured for a Redis Cluster that cannot be reached starts, says it is not ready, and answers calls with
 * {@code unavailable}, as on a single Redis.
 */
class RedisClusterUnreachableTest {

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableClusterIsNotReadyAndCallsAreUnavailable() throws IOException {
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        RedisSharedState state = new RedisSharedState(Set.of(new HostAndPort("127.0.0.1", freePort())), "test",
                Executors.defaultThreadFactory(), failures::add);
        try {
            assertFalse(state.reachable(), "readiness is DOWN");
            ProblemException refused = assertThrows(ProblemException.class, () -> state.get("anything"));
            assertEquals("unavailable", refused.code());
            assertFalse(failures.isEmpty(), "the outage was reported");
            assertTrue(state.describe().startsWith("Redis Cluster at 127.0.0.1:"));
            assertEquals(Set.of(), state.subscribedChannels());
        } finally {
            state.close();
        }
    }

    @Test
    void clusterAddressesAreReadFromACommaSeparatedList() {
        assertEquals(Set.of(new HostAndPort("10.0.0.1", 7001), new HostAndPort("10.0.0.2", 7002)),
                RedisSharedState.clusterNodes(" 10.0.0.1:7001, 10.0.0.2:7002 ,"));
    }
}
