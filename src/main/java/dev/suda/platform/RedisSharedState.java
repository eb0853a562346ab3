package dev.suda.platform;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
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
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * Redis through Jedis. Every key and channel carries the namespace, so several deployments can share one
 * Redis. One subscriber connection per node listens to the namespace's channels by pattern.
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
    private volatile Subscriber subscriber;
    private final BlockingQueue<Publication> publishing = new ArrayBlockingQueue<>(MAX_QUEUED_PUBLICATIONS);
    /** Sends what {@link #publish} queued; the only thread that publishes. */
    private final Thread publisher;
    private volatile boolean closed;

    public RedisSharedState(URI uri, String namespace, ThreadFactory threads) {
        this.redis = RedisClient.create(uri);
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
            redis.set(key(key), value);
        } else {
            redis.set(key(key), value, SetParams.setParams().px(Math.max(1, ttl.toMillis())));
        }
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(redis.get(key(key)));
    }

    @Override
    public List<Optional<String>> getAll(List<String> keys) {
        return redis.mget(keys.stream().map(this::key).toArray(String[]::new)).stream()
                .map(Optional::ofNullable).toList();
    }

    @Override
    public void delete(String key) {
        redis.del(key(key));
    }

    @Override
    public boolean touch(String key, Duration ttl) {
        return redis.pexpire(key(key), Math.max(1, ttl.toMillis())) == 1;
    }

    @Override
    public Optional<String> take(String key) {
        return Optional.ofNullable(redis.getDel(key(key)));
    }

    @Override
    public long hit(String key, Duration window) {
        // One round trip, and the window is set exactly once even if two nodes race on the first hit.
        try (AbstractPipeline pipeline = redis.pipelined()) {
            Response<Long> count = queueHit(pipeline, key, window);
            pipeline.sync();
            return count.get();
        }
    }

    @Override
    public List<Reading> hitAndGetAll(List<HitAndRead> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
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
        redis.sadd(k, member);
        if (ttl != null) {
            redis.pexpire(k, ttl.toMillis());
        }
    }

    @Override
    public void removeMember(String key, String member) {
        redis.srem(key(key), member);
    }

    @Override
    public Set<String> members(String key) {
        return redis.smembers(key(key));
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
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "Could not publish " + batch.size()
                            + " messages; live clients catch up on resume: {0}", e.toString());
                }
            }
            batch.clear();
        }
    }

    @Override
    public synchronized void subscribe(String channel, Consumer<String> listener) {
        listeners.computeIfAbsent(key(channel), c -> new CopyOnWriteArrayList<>()).add(listener);
        if (subscriber == null) {
            subscriber = new Subscriber();
            threads.newThread(subscriber::run).start();
        }
    }

    @Override
    public boolean reachable() {
        try {
            return "PONG".equals(redis.ping());
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

    /** Listens until the node stops; after a lost connection it subscribes again. */
    private final class Subscriber extends JedisPubSub {
        void run() {
            while (!closed) {
                try {
                    redis.psubscribe(this, namespace + "*");
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    LOG.log(Level.WARNING, "Redis subscription lost, subscribing again in 1 s: {0}", e.toString());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
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
