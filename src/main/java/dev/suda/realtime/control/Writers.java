package dev.suda.realtime.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The threads that write frames to sockets, with Liberty's blocking basic remote: one write costs about what a
 * bare Liberty broadcast pays, where the asynchronous remote cost two thread hand-offs per frame.
 *
 * <p>Whoever fans a frame out (the pub/sub thread, a request thread) only queues it on each socket; the sockets
 * that were idle are handed to the writers together, one fan-out at a time, and a writer sends each socket's
 * queued frames in a row. At most one writer per processor (two on one) is at work at once: fan-outs wait their
 * turn in order, and writers at work go from one to the next without a hand-off. A blocking write returns at once
 * while the kernel's send buffer has room and blocks only once a reader has stopped reading; a watchdog notices a
 * write that takes longer than {@code socket.send.stall.millis}, moves that socket to the asynchronous remote and
 * lets two more writers carry on with the sockets behind it. A write stuck past {@code socket.send.timeout.seconds}
 * closes its socket as too slow, which is what frees its thread: Liberty's close waits a few seconds (5.5 in its
 * WsocConnLink) for the write in progress, then closes the connection under it and the write fails. Closes
 * therefore run on a writer too.
 */
@ApplicationScoped
public class Writers {

    private static final Logger LOG = Logger.getLogger(Writers.class.getName());
    /** Below this many sockets a fan-out is not worth a second writer. */
    private static final int SOCKETS_PER_WRITER = 256;
    /**
     * A big fan-out gets at least this many writers, even on one core. Writers claim its sockets one by one, so
     * while one waits on a reader that stopped (until the watchdog moves that socket aside, {@code stallMillis}
     * later) the other carries on with the sockets behind it; with one writer, all of them waited.
     */
    private static final int MIN_WRITERS_PER_FANOUT = 2;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "socket.send.stall.millis", defaultValue = "20")
    long stallMillis;

    @Inject
    @ConfigProperty(name = "socket.send.timeout.seconds", defaultValue = "60")
    long timeoutSeconds;

    @Inject
    @ConfigProperty(name = "socket.writer.threads", defaultValue = "64")
    int maxThreads;

    private Executor executor;
    private long stallNanos;
    private long timeoutNanos;
    private int parallelism;
    private Thread watchdog;
    private volatile boolean stopped;
    private ThreadPoolExecutor pool;

    /** Writers at work, each on one fan-out; the watchdog looks at them. */
    private final Set<Lane> lanes = ConcurrentHashMap.newKeySet();
    /**
     * Fan-outs not yet written to the end, oldest first; writers take the oldest with sockets left to claim. Guarded
     * by itself: taking the head off a ConcurrentLinkedQueue (remove(Object), a search) took 0.9% of a node's CPU in b.
     */
    private final ArrayDeque<Batch> backlog = new ArrayDeque<>();
    /** Writers at work less those the watchdog found waiting on a stopped reader: at most {@code parallelism}. */
    private final AtomicInteger working = new AtomicInteger();
    private final ThreadLocal<Batch> open = new ThreadLocal<>();
    /**
     * The batch opened last, on whichever thread. A fan-out asks for its thread's open batch once for every socket it
     * queues a frame on, and the thread-local lookup on a Liberty thread (whose map holds hundreds of entries) missed
     * its slot and probed on: 0.4 µs a socket, 2.4% of a node's CPU in b. The thread that opened it finds it here;
     * any other asks the thread-local.
     */
    private volatile Batch lastOpened;
    private final AtomicLong stalls = new AtomicLong();

    public Writers() {
    }

    /**
     * For tests: writers on the given executor, the watchdog run by whoever calls {@link #watch()}, and at most
     * {@code parallelism} writers at work at once.
     */
    Writers(Executor executor, long stallMillis, long timeoutMillis, int parallelism) {
        this.executor = executor;
        this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.parallelism = parallelism;
    }

    /** For tests: one writer per fan-out. */
    Writers(Executor executor, long stallMillis, long timeoutMillis) {
        this(executor, stallMillis, timeoutMillis, 1);
    }

    @PostConstruct
    void start() {
        // No core threads and a hand-off queue: a thread is made only when every writer is busy (or stuck on a
        // slow socket), and idle ones go away; the bound keeps a mass of dead peers from making thousands.
        pool = new ThreadPoolExecutor(0, Math.max(1, maxThreads), 30, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
        executor = pool;
        stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
        timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        parallelism = Math.max(MIN_WRITERS_PER_FANOUT, Runtime.getRuntime().availableProcessors());
        // its own thread: a scheduled executor would set up and tear down a task context a hundred times a second.
        // It also lets paced sockets go: every 2 ms, so a pace is kept to within about a millisecond.
        long tick = TimeUnit.MICROSECONDS.toNanos(Math.max(1000, Math.min(2000, stallMillis * 1000 / 4)));
        watchdog = threads.newThread(() -> {
            while (!stopped) {
                LockSupport.parkNanos(tick);
                try {
                    releasePaced(System.nanoTime() + tick / 2);
                    watch();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "The socket watchdog failed a round", e);
                }
            }
        });
        watchdog.setName("suda-socket-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (watchdog != null) {
            LockSupport.unpark(watchdog);
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /**
     * Opens a fan-out on this thread: sockets that get a frame meanwhile go to the writers together when it closes.
     * Nested calls join the fan-out already open.
     */
    public Batch batch() {
        return open(false);
    }

    /**
     * Opens a batch of personal frames on this thread, each for one user's own sockets (the acks of a batch of
     * posts, a ban and its close): it goes to a writer of its own at once, not behind the fan-outs waiting in the
     * queue, so a sender learns that its message is stored, and a banned user is stopped, without waiting for every
     * copy queued before. Nested calls join the batch already open.
     */
    public Batch personal() {
        return open(true);
    }

    private Batch open(boolean personal) {
        if (openOnThisThread() != null) {
            return Batch.NESTED;
        }
        Batch batch = new Batch(this, personal);
        open.set(batch);
        lastOpened = batch;
        return batch;
    }

    private Batch openOnThisThread() {
        Batch last = lastOpened;
        if (last != null && last.owner == Thread.currentThread() && !last.closed) {
            return last;
        }
        return open.get();
    }

    /**
     * What a socket keeps to reach these writers: calls that go straight to them, not through their CDI client
     * proxy. A socket asks for a writer for its frames a thousand times a message in a big room, and every call
     * through the proxy looks the bean up anew and calls a method that is not public by reflection: 2% of a node's
     * CPU in a fan-out, on the thread that stores the next messages. (A method returning {@code this} would not do:
     * Weld hands out its proxy in place of the bean it returns.)
     */
    public Direct direct() {
        return direct;
    }

    private final Direct direct = new Direct();

    /** These writers, called directly. */
    public final class Direct {

        private Direct() {
        }

        boolean schedule(Connection connection) {
            return Writers.this.schedule(connection);
        }

        void execute(Runnable task) {
            Writers.this.execute(task);
        }

        boolean expedite(Connection connection) {
            return Writers.this.expedite(connection);
        }
    }

    /**
     * A socket has frames and no writer: it joins the open batch, or goes to a writer alone. True if it went with
     * personal frames.
     */
    boolean schedule(Connection connection) {
        Batch batch = openOnThisThread();
        if (batch != null) {
            if (!batch.personal && connection.paced()) {
                long pace = connection.pace();
                long due = connection.pacedTill(pace);
                if (due - batch.openedAt > 0) {
                    connection.pacedUntil = due;
                    connection.waitedFor = pace;
                    batch.paced.add(connection);
                    return false;
                }
            }
            batch.connections.add(connection);
            return batch.personal;
        }
        // a lone frame (an error, a notice) is personal
        Batch alone = new Batch(this, true);
        alone.connections.add(connection);
        submit(alone);
        return true;
    }

    /**
     * A socket that waits in a queued fan-out got another frame: if the frame is personal (a personal batch is open,
     * or it came alone) the socket goes with the personal frames too, so that an ack does not wait for the fan-out
     * ahead of it to reach its socket. The frames still leave in the order they were queued. True if it did.
     */
    boolean expedite(Connection connection) {
        Batch batch = openOnThisThread();
        if (batch == null || batch.personal) {
            return schedule(connection);
        }
        return false;
    }

    /** Work that may block (closing a socket) and must not hold up the caller. */
    void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // every writer thread is taken: run it with the next fan-out a writer takes
            Batch carrier = new Batch(this, false);
            carrier.after = task;
            queue(carrier);
            startWriter(null, false);
        }
    }

    /**
     * Personal frames get a writer of their own at once. A fan-out is queued behind the earlier ones, and as many
     * writers start for it as its size asks, as far as the cap allows. Writers already at work take it once they are
     * through the older fan-outs, with no hand-off. More writers than cores would not write faster: they would share
     * the cores with each other and with the threads that store the next messages, which then wait for a core at
     * each database round trip (the next batch of posts, and so its copies, later), and a fan-out that overlaps an
     * earlier one would finish later than it.
     */
    private void submit(Batch batch) {
        if (batch.personal && startWriter(batch, true)) {
            return;
        }
        queue(batch);
        int wanted = Math.min(parallelism, 1 + (batch.connections.size() - 1) / SOCKETS_PER_WRITER);
        for (int i = 0; i < wanted && startWriter(null, false); i++) {
            // one more writer on the oldest fan-out with sockets left
        }
    }

    /**
     * Starts a writer on {@code first} (null: the oldest waiting fan-out) if fewer than {@code parallelism} are
     * at work, or regardless when {@code force}d (personal frames, or a rescue beside a writer that waits on a
     * stopped reader).
     */
    private boolean startWriter(Batch first, boolean force) {
        if (force) {
            working.incrementAndGet();
        } else if (!reserve()) {
            return false;
        }
        try {
            executor.execute(() -> write(first));
            return true;
        } catch (RejectedExecutionException e) {
            working.decrementAndGet();
            return false;
        }
    }

    /** A place among the writers at work, if there is one. */
    private boolean reserve() {
        for (int now = working.get(); now < parallelism; now = working.get()) {
            if (working.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        return false;
    }

    private void queue(Batch batch) {
        synchronized (backlog) {
            backlog.addLast(batch);
        }
    }

    /** The oldest fan-out with sockets left to claim; those claimed to the end leave the queue. */
    private Batch oldestWaiting() {
        synchronized (backlog) {
            for (Batch head; (head = backlog.peekFirst()) != null; backlog.pollFirst()) {
                if (head.claimable()) {
                    return head;
                }
            }
            return null;
        }
    }

    private boolean backlogEmpty() {
        synchronized (backlog) {
            return backlog.isEmpty();
        }
    }

    /**
     * What a writer takes on after a fan-out: the oldest waiting, unless more writers are at work than the cap
     * allows (a rescue added some), or it waited on a stopped reader and has no place among them anymore.
     */
    private Batch following(Lane lane) {
        while (true) {
            if (lane.counted.get() && working.get() > parallelism) {
                lane.release();
            }
            if (!lane.counted.get() && !lane.rejoin()) {
                return null;
            }
            Batch waiting = oldestWaiting();
            if (waiting != null) {
                return waiting;
            }
            lane.release();
            // a fan-out queued after the look, while this writer still held its place, started no writer
            if (backlogEmpty()) {
                return null;
            }
        }
    }

    /**
     * Paced sockets wait here until due: a wheel of one-millisecond slots, each the sockets due in that millisecond
     * (a pace longer than the wheel is cut to its length). O(1) a socket, where a list scanned every tick cost as
     * many looks per socket as a pace has ticks.
     */
    private static final long SLOT_NANOS = 1_000_000;
    private static final int SLOTS = 256;
    private final List<List<Connection>> wheel = new ArrayList<>();
    /** The first slot not yet let go; guarded by {@code wheel}. */
    private long nextSlot = Long.MIN_VALUE;

    {
        for (int i = 0; i < SLOTS; i++) {
            wheel.add(new ArrayList<>());
        }
    }

    /** A fan-out's paced sockets join the wheel as it closes. */
    private void pace(List<Connection> connections) {
        synchronized (wheel) {
            if (nextSlot == Long.MIN_VALUE) {
                nextSlot = Math.floorDiv(System.nanoTime(), SLOT_NANOS);
            }
            for (Connection connection : connections) {
                long slot = Math.max(nextSlot, Math.min(nextSlot + SLOTS - 1,
                        Math.floorDiv(connection.pacedUntil, SLOT_NANOS)));
                wheel.get((int) Math.floorMod(slot, SLOTS)).add(connection);
            }
        }
    }

    /**
     * The paced sockets due by {@code dueBy} go to the writers together, as one fan-out. Called by the watchdog's
     * thread every tick.
     */
    void releasePaced(long dueBy) {
        Batch due = null;
        synchronized (wheel) {
            if (nextSlot == Long.MIN_VALUE) {
                return;
            }
            long last = Math.floorDiv(dueBy, SLOT_NANOS);
            // after a long stall every slot is due: one turn of the wheel takes them all
            long from = Math.max(nextSlot, last - SLOTS + 1);
            for (long slot = from; slot <= last; slot++) {
                List<Connection> waiting = wheel.get((int) Math.floorMod(slot, SLOTS));
                if (!waiting.isEmpty()) {
                    if (due == null) {
                        due = new Batch(this, false);
                    }
                    due.connections.addAll(waiting);
                    waiting.clear();
                }
            }
            nextSlot = Math.max(nextSlot, last + 1);
        }
        if (due != null) {
            submit(due);
        }
    }

    /** One writer: a fan-out, then whatever is oldest in the queue, while it has a place among those at work. */
    private void write(Batch first) {
        Lane lane = new Lane(this, first);
        lanes.add(lane);
        try {
            for (Batch next = first != null ? first : following(lane); next != null; next = following(lane)) {
                lane.batch = next;
                lane.rescued = false;
                Connection connection;
                while ((connection = next.claim()) != null) {
                    connection.drain(lane);
                }
                if (next.after != null && next.afterTaken.compareAndSet(false, true)) {
                    next.after.run();
                }
            }
        } finally {
            lanes.remove(lane);
            lane.release();
        }
    }

    /**
     * The watchdog: a write that takes too long moves its socket to the asynchronous remote and hands the rest of
     * its fan-out to two more writers; one stuck far too long closes its socket.
     */
    void watch() {
        long now = System.nanoTime();
        for (Lane lane : lanes) {
            long since = lane.since;
            Connection connection = lane.current;
            if (since == 0 || connection == null || since != lane.since || now - since < stallNanos) {
                continue;
            }
            // Liberty's blocking write waits (parks) while the reader's buffer is full. A writer still runnable was
            // only not scheduled (one busy core, many threads): not a stalled reader, unless it lasts ten times as
            // long. Moving its socket aside would cost the asynchronous remote and a second writer for nothing.
            if (lane.thread.getState() == Thread.State.RUNNABLE && now - since < 10 * stallNanos) {
                continue;
            }
            if (!lane.rescued) {
                lane.rescued = true;
                connection.stalled();
                stalls.incrementAndGet();
                // waiting on a reader, the writer uses no core: it leaves its place to the others
                lane.release();
                Batch rest = lane.batch;
                LOG.fine(() -> "A write to user " + connection.userId() + " in room " + connection.roomId()
                        + " stalled; that socket goes asynchronous and two writers carry on");
                // Two, not one: readers that stopped together (clients behind one dead link) fill their buffers
                // at the same frame, and with one more writer per rescue the sockets behind k of them would wait
                // k stall times; doubling, they wait about log2(k).
                for (int i = Math.min(2, rest.unclaimed()); i > 0; i--) {
                    startWriter(rest, true);
                }
            }
            if (now - since >= timeoutNanos) {
                connection.tooSlow();
            }
        }
        if (oldestWaiting() != null) {
            startWriter(null, false);
        }
    }

    /** How many writers are at work now. */
    int busy() {
        return lanes.size();
    }

    /** How many writes stalled (a reader stopped reading) since the start. */
    public long stalls() {
        return stalls.get();
    }

    /** The sockets of one fan-out, claimed one by one by its writers. */
    public static final class Batch implements AutoCloseable {

        static final Batch NESTED = new Batch(null, false);

        private final Writers writers;
        /** The thread that opened it, the only one that adds to it. */
        private final Thread owner;
        /** Set by the owner as it closes: a closed batch left in {@code lastOpened} is not found there. */
        private boolean closed;
        final List<Connection> connections = new ArrayList<>();
        /** Sockets of this fan-out that wait for their pace; they go to the pacer when it closes. */
        final List<Connection> paced = new ArrayList<>();
        /** When it was opened: the time a socket's pace is held against. */
        final long openedAt = System.nanoTime();
        private final AtomicInteger claimed = new AtomicInteger();
        private final AtomicBoolean afterTaken = new AtomicBoolean();
        /** Personal frames skip the queue: {@link #personal()}. */
        final boolean personal;
        Runnable after;

        private Batch(Writers writers, boolean personal) {
            this.writers = writers;
            this.personal = personal;
            this.owner = writers == null ? null : Thread.currentThread();
        }

        Connection claim() {
            int i = claimed.getAndIncrement();
            return i < connections.size() ? connections.get(i) : null;
        }

        int unclaimed() {
            return Math.max(0, connections.size() - claimed.get());
        }

        /** Sockets left to claim, or work to run after them that nobody took yet. */
        boolean claimable() {
            return claimed.get() < connections.size() || after != null && !afterTaken.get();
        }

        /** Ends the fan-out on this thread: its sockets go to the writers. */
        @Override
        public void close() {
            if (this == NESTED) {
                return;
            }
            writers.open.remove();
            closed = true;
            if (!paced.isEmpty()) {
                writers.pace(paced);
            }
            if (!connections.isEmpty()) {
                writers.submit(this);
            }
        }
    }

    /**
     * What one writer is doing, for the watchdog: the socket it writes to and since when. {@code since} is cleared
     * before {@code current} changes and set after, so a watchdog that reads the same {@code since} on both sides
     * of {@code current} has a consistent pair.
     */
    static final class Lane {
        private final Writers writers;
        /** Whether this writer holds one of the places counted in {@code working}. */
        final AtomicBoolean counted = new AtomicBoolean(true);
        volatile Batch batch;
        /** The writer's thread; made on it. */
        final Thread thread = Thread.currentThread();
        volatile Connection current;
        volatile long since;
        volatile boolean rescued;

        /** Made by a writer for which a place was taken. */
        Lane(Writers writers, Batch batch) {
            this.writers = writers;
            this.batch = batch;
        }

        /** Takes a place among the writers at work again, if there is one. */
        boolean rejoin() {
            if (!writers.reserve()) {
                return false;
            }
            counted.set(true);
            return true;
        }

        /** Gives up this writer's place among those at work, once. */
        void release() {
            if (counted.compareAndSet(true, false)) {
                writers.working.decrementAndGet();
            }
        }

        /** Where a drain takes the frames of one write; this writer's own, reused. */
        private String[] taken = new String[1];
        /**
         * The batch frames this writer made last, with the frames each holds: a small ring, looked through from the
         * newest. A fan-out queues the same frames (the same strings) on every socket of a room, and sockets written
         * one after the other need the same batch as a rule; paced sockets let go together, though, may have waited
         * since different writes, and take turns between a few different batches.
         */
        private static final int KEPT_BATCHES = 8;
        private final String[][] keptFrames = new String[KEPT_BATCHES][];
        private final String[] keptBatches = new String[KEPT_BATCHES];
        private int newest;

        String[] taken(int frames) {
            if (taken.length < frames) {
                taken = new String[frames];
            }
            return taken;
        }

        /** The batch frame of {@code frames[0, count)}, made once for every socket that needs the same. */
        String batch(String[] frames, int count) {
            for (int k = 0; k < KEPT_BATCHES; k++) {
                int slot = (newest - k + KEPT_BATCHES) % KEPT_BATCHES;
                String[] kept = keptFrames[slot];
                if (kept != null && kept.length == count && sameFrames(kept, frames, count)) {
                    return keptBatches[slot];
                }
            }
            newest = (newest + 1) % KEPT_BATCHES;
            keptFrames[newest] = java.util.Arrays.copyOf(frames, count);
            keptBatches[newest] = Coalescing.batch(frames, count);
            return keptBatches[newest];
        }

        private static boolean sameFrames(String[] kept, String[] frames, int count) {
            for (int i = 0; i < count; i++) {
                if (kept[i] != frames[i]) {
                    return false;
                }
            }
            return true;
        }

        /** Returns when the write starts. */
        long writing(Connection connection) {
            since = 0;
            current = connection;
            long now = System.nanoTime();
            since = now;
            return now;
        }

        void written() {
            since = 0;
            current = null;
        }
    }
}
