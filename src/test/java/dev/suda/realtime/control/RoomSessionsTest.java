package dev.suda.realtime.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoomSessionsTest {

    @Test
    void aSocketThatOpensAsTheLastOneClosesStaysInTheRoom() throws Exception {
        Writers writers = new ConnectionTest.ManualWriters().writers;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 100_000; round++) {
                RoomSessions sessions = new RoomSessions();
                sessions.writers = writers;
                Connection leaving = new Connection(new ConnectionTest.Peer().session, 7, 1, "leaving", 10, writers.direct());
                Connection joining = new Connection(new ConnectionTest.Peer().session, 7, 2, "joining", 10, writers.direct());
                sessions.add(leaving, 0);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> close = pool.submit(() -> {
                    together.await();
                    sessions.remove(leaving);
                    return null;
                });
                Future<?> open = pool.submit(() -> {
                    together.await();
                    sessions.add(joining, 0);
                    return null;
                });
                close.get(5, TimeUnit.SECONDS);
                open.get(5, TimeUnit.SECONDS);
                assertTrue(sessions.hasLocal(7, 2), "round " + round + ": the new socket must still be in the room");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
