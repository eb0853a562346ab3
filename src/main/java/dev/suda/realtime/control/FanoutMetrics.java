package dev.suda.realtime.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/**
 * What /metrics shows of the live side: open sockets, messages fanned out (in all and per second over the
 * last ten seconds), fan-out latency, from publication on any node to delivery on this one, and writes that
 * stalled on a reader that stopped reading.
 */
@ApplicationScoped
public class FanoutMetrics {

    private static final int WINDOW_SECONDS = 10;

    @Inject
    MetricRegistry registry;

    @Inject
    RoomSessions sessions;

    @Inject
    Writers writers;

    private Counter messages;
    private Timer latency;
    /** Messages per second for the last seconds, in a ring indexed by epoch second. */
    private final AtomicLongArray perSecond = new AtomicLongArray(WINDOW_SECONDS + 2);
    private final long[] secondOfSlot = new long[WINDOW_SECONDS + 2];

    @PostConstruct
    void register() {
        messages = registry.counter("suda_messages_fanned_out");
        latency = registry.timer("suda_fanout_latency");
        registry.gauge("suda_sockets_open", sessions, RoomSessions::open);
        registry.gauge("suda_messages_per_second", this, FanoutMetrics::messagesPerSecond);
        registry.gauge("suda_socket_write_stalls", writers, Writers::stalls);
    }

    public static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** A published batch of messages was delivered to this node's sockets. */
    void delivered(long publishedAtMicros, int count) {
        messages.inc(count);
        latency.update(Duration.ofNanos(Math.max(0, nowMicros() - publishedAtMicros) * 1000));
        long second = System.currentTimeMillis() / 1000;
        int slot = (int) (second % perSecond.length());
        synchronized (secondOfSlot) {
            if (secondOfSlot[slot] != second) {
                secondOfSlot[slot] = second;
                perSecond.set(slot, 0);
            }
        }
        perSecond.addAndGet(slot, count);
    }

    double messagesPerSecond() {
        long now = System.currentTimeMillis() / 1000;
        long total = 0;
        synchronized (secondOfSlot) {
            for (int i = 0; i < perSecond.length(); i++) {
                if (secondOfSlot[i] < now && secondOfSlot[i] >= now - WINDOW_SECONDS) {
                    total += perSecond.get(i);
                }
            }
        }
        return total / (double) WINDOW_SECONDS;
    }
}
