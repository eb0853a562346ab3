package dev.suda.platform;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * Redis through Jedis. Every key and channel carries the namespace, so several deployments can share one
 * Redis. One subscriber connection per node listens to the namespace's channels by pattern.
 *
 * <p>When Redis cannot be reached every call fails with a 503 {@code unavailable} {@link ProblemException}, which
 * the boundaries turn into problem JSON or an {@code error} frame, and {@code failures} hears of it (the node's
 * {@link Outages}). A call that meets a broken pooled connection (Redis restarted) drops the idle ones and is tried
 * once more, so the first calls after a restart do not fail.
 */
public class RedisSharedState implements SharedState {

    private static final Logger LOG = Logger.getLogger(RedisSharedState.class.getName());
    private static final int MAX_QUEUED_PUBLICATIONS = 10_000;
    private static final int MAX_PUBLISH_BATCH = 256;

    private final RedisClient redis;
    private final String namespace;
    private final String redacted;
    private final ThreadFactory threads;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private static final long MIN_RESUBSCRIBE_MILLIS = 100;
    /** At most this long after Redis is back, the node hears other nodes again. */
    private static final long MAX_RESUBSCRIBE_MILLIS = 1000;
    private volatile Subscriber subscriber;
    private boolean subscribing;
    /** Set while the subscription is lost, so that its return is logged once. */
    private volatile boolean subscriptionLost;
    private final BlockingQueue<Publication> publishing = new ArrayBlockingQueue<>(MAX_QUEUED_PUBLICATIONS);
    /** Sends what {@link #publish} queued; the only thread that publishes. */
    private final Thread publisher;
    private volatile boolean closed;
    private final Consumer<RuntimeException> failures;

    public RedisSharedState(URI uri, String namespace, ThreadFactory threads, Consumer<RuntimeException> failures) {
        this.redis = RedisClient.create(uri);
        this.failures = failures;
        this.namespace = namespace + ":";
        this.redacted = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
        this.threads = threads;
        this.publisher = threads.newThread(this::publishQueued);
        publisher.setName("suda-redis-publisher");
        publisher.start();
    }

    private String key(String key) {
        return namespace + key;
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        if (ttl == null) {
            call(() -> redis.set(key(key), value));
        } else {
            call(() -> redis.set(key(key), value, SetParams.setParams().px(Math.max(1, ttl.toMillis()))));
        }
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(call(() -> redis.get(key(key))));
    }

    @Override
    public List<Optional<String>> getAll(List<String> keys) {
        return call(() -> redis.mget(keys.stream().map(this::key).toArray(String[]::new))).stream()
                .map(Optional::ofNullable).toList();
    }

    @Override
    public void delete(String key) {
        call(() -> redis.del(key(key)));
    }

    @Override
    public boolean touch(String key, Duration ttl) {
        return call(() -> redis.pexpire(key(key), Math.max(1, ttl.toMillis()))) == 1;
    }

    @Override
    public Optional<String> take(String key) {
        return Optional.ofNullable(call(() -> redis.getDel(key(key))));
    }

    @Override
    public long hit(String key, Duration window) {
        // One round trip, and the window is set exactly once even if two nodes race on the first hit.
        return call(() -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                Response<Long> count = queueHit(pipeline, key, window);
                pipeline.sync();
                return count.get();
            }
        });
    }

    @Override
    public List<Reading> hitAndGetAll(List<HitAndRead> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        return call(() -> hitAndGetAllOnce(calls));
    }

    private List<Reading> hitAndGetAllOnce(List<HitAndRead> calls) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            List<Response<Long>> counts = new ArrayList<>(calls.size());
            List<Response<List<String>>> values = new ArrayList<>(calls.size());
            for (HitAndRead call : calls) {
                counts.add(queueHit(pipeline, call.counter(), call.window()));
                values.add(pipeline.mget(call.keys().stream().map(this::key).toArray(String[]::new)));
            }
            pipeline.sync();
            List<Reading> readings = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                readings.add(new Reading(counts.get(i).get(), values.get(i).get().stream().map(Optional::ofNullable).toList()));
            }
            return readings;
        }
    }

    /**
     * Runs one call to Redis. A connection that broke (Redis restarted since it was pooled) makes the pool drop its
     * idle connections, and the call is tried once more on a fresh one; if Redis still cannot be reached the call
     * fails as {@code unavailable}. The commands Suda sends are safe to send twice (sets, deletes, reads; a rate
     * counter may count one hit twice).
     */
    private <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisConnectionException | JedisDataException first) {
            if (!isOutage(first)) {
                throw first;
            }
            dropIdleConnections();
            try {
                return command.get();
            } catch (JedisConnectionException | JedisDataException again) {
                if (!isOutage(again)) {
                    throw again;
                }
                throw unavailable(again);
            }
        }
    }

    /** Not reachable, or still loading its data after a restart: the same call may succeed shortly. */
    private static boolean isOutage(RuntimeException e) {
        return e instanceof JedisConnectionException
                || e.getMessage() != null && e.getMessage().startsWith("LOADING");
    }

    private ProblemException unavailable(RuntimeException cause) {
        failures.accept(cause);
        return ProblemException.unavailable("Redis, which checks this, is not reachable just now; "
                + "send the same request again shortly");
    }

    private void dropIdleConnections() {
        try {
            redis.getPool().clear();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not clear the Redis pool", e);
        }
    }

    /** Counts a hit in the window's counter; the window starts with its first hit, and only then. */
    private Response<Long> queueHit(AbstractPipeline pipeline, String key, Duration window) {
        String k = key(key);
        Response<Long> count = pipeline.incr(k);
        pipeline.pexpire(k, window.toMillis(), ExpiryOption.NX);
        return count;
    }

    @Override
    public void addMember(String key, String member, Duration ttl) {
        String k = key(key);
        call(() -> redis.sadd(k, member));
        if (ttl != null) {
            call(() -> redis.pexpire(k, ttl.toMillis()));
        }
    }

    @Override
    public void addMembers(String key, Collection<String> members, Duration ttl) {
        if (members.isEmpty()) {
            return;
        }
        String k = key(key);
        call(() -> redis.sadd(k, members.toArray(String[]::new)));
        if (ttl != null) {
            call(() -> redis.pexpire(k, ttl.toMillis()));
        }
    }

    @Override
    public void removeMember(String key, String member) {
        call(() -> redis.srem(key(key), member));
    }

    @Override
    public Set<String> members(String key) {
        return call(() -> redis.smembers(key(key)));
    }

    /**
     * Queues the message for the publisher's thread, which sends whatever is queued in one pipeline, in the order it
     * was queued: the caller (a batch writer, between its commits) does not wait for Redis's round trip.
     */
    @Override
    public void publish(String channel, String message) {
        if (!publishing.offer(new Publication(key(channel), message))) {
            LOG.warning("Redis is not keeping up with publishing; other nodes catch up on what is dropped by reading the database");
        }
    }

    private record Publication(String channel, String message) {
    }

    /** Batches in a row that could not be published; read and written by the publisher's thread only. */
    private int publishFailures;

    private void publishQueued() {
        List<Publication> batch = new ArrayList<>();
        while (!closed) {
            try {
                batch.add(publishing.take());
            } catch (InterruptedException stop) {
                return;
            }
            publishing.drainTo(batch, MAX_PUBLISH_BATCH - 1);
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (Publication publication : batch) {
                    pipeline.publish(publication.channel(), publication.message());
                }
                pipeline.sync();
                if (publishFailures > 0) {
                    LOG.info("Publishing to Redis again, after " + publishFailures + " batches could not be sent");
                    publishFailures = 0;
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    // once an outage, not per batch; other nodes fill the gaps from the database
                    if (publishFailures++ == 0) {
                        LOG.log(Level.WARNING, "Could not publish " + batch.size() + " messages; other nodes fill "
                                + "such gaps from the database, and this is said again once publishing works: {0}", e.toString());
                        if (isOutage(e)) {
                            failures.accept(e);
                        }
                    }
                    dropIdleConnections();
                    pause(Math.min(1000, 50L * publishFailures));
                }
            }
            batch.clear();
        }
    }

    @Override
    public synchronized void subscribe(String channel, Consumer<String> listener) {
        listeners.computeIfAbsent(key(channel), c -> new CopyOnWriteArrayList<>()).add(listener);
        if (!subscribing) {
            subscribing = true;
            Thread thread = threads.newThread(this::listen);
            thread.setName("suda-redis-subscriber");
            thread.start();
        }
    }

    /**
     * Listens until the node stops. A lost connection (Redis stopped, restarted or failed over) is subscribed again,
     * on a fresh connection and subscriber each time, after a pause that grows from 100 ms to 1 s while Redis stays
     * away and starts small again once a subscription holds.
     */
    private void listen() {
        long pauseMillis = MIN_RESUBSCRIBE_MILLIS;
        while (!closed) {
            Subscriber attempt = new Subscriber();
            subscriber = attempt;
            try {
                redis.psubscribe(attempt, namespace + "*");
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                if (attempt.confirmed) {
                    pauseMillis = MIN_RESUBSCRIBE_MILLIS;
                }
                if (!subscriptionLost) {
                    LOG.log(Level.WARNING, "Redis subscription lost; subscribing again until Redis answers: {0}", e.toString());
                }
                subscriptionLost = true;
                if (isOutage(e)) {
                    failures.accept(e);
                }
                dropIdleConnections();
                if (!pause(pauseMillis)) {
                    return;
                }
                pauseMillis = Math.min(MAX_RESUBSCRIBE_MILLIS, pauseMillis * 2);
            }
        }
    }

    /** Sleeps; false when interrupted (the node stops). */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean reachable() {
        try {
            return "PONG".equals(call(redis::ping));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return "Redis at " + redacted + " (namespace " + namespace + ")";
    }

    public void close() {
        closed = true;
        publisher.interrupt();
        Subscriber running = subscriber;
        if (running != null && running.isSubscribed()) {
            running.punsubscribe();
        }
        redis.close();
    }

    /** One subscription on one connection; a lost one is replaced by a new subscriber. */
    private final class Subscriber extends JedisPubSub {
        volatile boolean confirmed;

        @Override
        public void onPSubscribe(String pattern, int subscribedChannels) {
            confirmed = true;
            if (subscriptionLost) {
                subscriptionLost = false;
                LOG.info(() -> "Redis subscription restored: this node hears the other nodes again");
            }
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
            for (Consumer<String> listener : listeners.getOrDefault(channel, List.of())) {
                try {
                    listener.accept(message);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "A listener of " + channel + " failed", e);
                }
            }
        }
    }
}
