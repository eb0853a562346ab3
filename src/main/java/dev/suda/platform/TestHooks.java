package dev.suda.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * What the integration tests need to see inside the server and nothing else may ask for: a real server fault, and
 * the heap after a full collection. {@link TestHooksResource} serves them only where {@code TEST_HOOKS} is true.
 */
@ApplicationScoped
public class TestHooks {

    /** A fault thrown inside a transaction, as a database failure would be: rolled back and reported by Liberty. */
    @Transactional
    public void fault() {
        throw new IllegalStateException("A fault provoked through the test hooks");
    }

    /** Bytes of heap in use after full collections (the last of three, so that finalized objects are gone too). */
    public long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            memory.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
