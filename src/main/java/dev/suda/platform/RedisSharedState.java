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
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Redis through Jedis: a single Redis ({@code REDIS_URL}) or a Redis Cluster ({@code REDIS_CLUSTER}). Every key and
 * channel carries the namespace, so several deployments can share one Redis. A node subscribes to the channels it
 * wants by name (the rooms it has sockets in, and its node-wide channels), not to the namespace by pattern: a room no
 * one on this node is in costs this node nothing. On a cluster the channels are shard channels (SSUBSCRIBE and
 * SPUBLISH, heard only on the master that owns the channel's slot), with one subscriber connection per master; keys
 * that must be read together carry a hash tag ({@code {room:42}}), and reads of several keys are sent as single-key
 * reads in one pipeline.
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

    /** How long a new subscription waits for Redis's confirmation before it is left to the reconnection. */
    private static final long CONFIRM_MILLIS = 5000;
    /** A subscription not confirmed after this long is asked for again (it may have met a connection coming up). */
    private static final long ASK_AGAIN_MILLIS = 500;
    private static final long MIN_RESUBSCRIBE_MILLIS = 100;
    private static final long RECONCILE_MILLIS = 1000;
    /** At most this long after Redis is back, the node hears other nodes again. */
    private static final long MAX_RESUBSCRIBE_MILLIS = 1000;

    /** The client of a single Redis, or null on a cluster. */
    private final RedisClient single;
    /** The cluster's seed nodes, or null on a single Redis. */
    private final Set<HostAndPort> clusterNodes;
    /** Made at first use, so that a node starts (and says it is not ready) while the cluster cannot be reached. */
    private volatile RedisClusterClient clusterClient;
    private final String namespace;
    private final String redacted;
    private final ThreadFactory threads;
    /** The channels this node wants, with their listeners: what a new subscriber connection subscribes to. */
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    /** The channels Redis confirmed on a subscriber connection that still holds. */
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    /** New subscriptions waiting for Redis's confirmation. */
    private final Map<String, CompletableFuture<Void>> confirming = new ConcurrentHashMap<>();
    /** The subscriber connections: one on a single Redis, one per master on a cluster (by "host:port"). */
    private final Map<String, Shard> shards = new ConcurrentHashMap<>();
    private final BlockingQueue<Publication> publishing = new ArrayBlockingQueue<>(MAX_QUEUED_PUBLICATIONS);
    /** Sends what {@link #publish} queued; the only thread that publishes. */
    private final Thread publisher;
    /** Asks again for subscriptions Redis has not confirmed. */
    private final Thread reconciler;
    private volatile boolean closed;
    private final Consumer<RuntimeException> failures;

    /** A single Redis (or a primary behind one address). */
    public RedisSharedState(URI uri, String namespace, ThreadFactory threads, Consumer<RuntimeException> failures) {
        this(RedisClient.create(uri), null, uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                namespace, threads, failures);
    }

    /** A Redis Cluster, found through any of its nodes; room channels use sharded pub/sub. */
    public RedisSharedState(Set<HostAndPort> cluster, String namespace, ThreadFactory threads, Consumer<RuntimeException> failures) {
        this(null, Set.copyOf(cluster), "Redis Cluster at " + cluster.stream().map(HostAndPort::toString).sorted()
                .collect(Collectors.joining(",")), namespace, threads, failures);
    }

    private RedisSharedState(RedisClient single, Set<HostAndPort> cluster, String redacted, String namespace,
            ThreadFactory threads, Consumer<RuntimeException> failures) {
        this.single = single;
        this.clusterNodes = cluster;
        this.failures = failures;
        this.namespace = namespace + ":";
        this.redacted = redacted;
        this.threads = threads;
        this.publisher = threads.newThread(this::publishQueued);
        publisher.setName("suda-redis-publisher");
        publisher.start();
        this.reconciler = threads.newThread(this::reconcile);
        reconciler.setName("suda-redis-subscriptions");
        reconciler.start();
    }

    /**
     * Once a second, asks again for every wanted channel Redis has not confirmed: one wanted while the cluster could
     * not be reached (no connection to send it on yet), or whose slot moved to another master.
     */
    private void reconcile() {
        while (!closed && pause(RECONCILE_MILLIS)) {
            try {
                synchronized (listeners) {
                    for (String channel : listeners.keySet()) {
                        if (!confirmed.contains(channel)) {
                            ask(channel);
                        }
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Asking again for subscriptions failed", e);
            }
        }
    }

    /** The addresses of {@code REDIS_CLUSTER}: host:port, comma-separated. */
    public static Set<HostAndPort> clusterNodes(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(node -> !node.isEmpty())
                .map(HostAndPort::from).collect(Collectors.toUnmodifiableSet());
    }

    private UnifiedJedis redis() {
        return single != null ? single : cluster();
    }

    private RedisClusterClient cluster() {
        RedisClusterClient client = clusterClient;
        if (client == null) {
            synchronized (this) {
                if (clusterClient == null) {
                    try {
                        clusterClient = RedisClusterClient.create(clusterNodes);
                    } catch (JedisException e) {
                        throw new JedisConnectionException("Redis Cluster cannot be reached: " + e.getMessage(), e);
                    }
                }
                client = clusterClient;
            }
        }
        return client;
    }

    private String key(String key) {
        return namespace + key;
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        if (ttl == null) {
            call(() -> redis().set(key(key), value));
        } else {
            call(() -> redis().set(key(key), value, SetParams.setParams().px(Math.max(1, ttl.toMillis()))));
        }
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(call(() -> redis().get(key(key))));
    }

    @Override
    public List<Optional<String>> getAll(List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        if (clusterNodes == null) {
            return call(() -> redis().mget(keys.stream().map(this::key).toArray(String[]::new))).stream()
                    .map(Optional::ofNullable).toList();
        }
        // on a cluster the keys may live in several slots: one GET each, in one pipeline (one round trip per master)
        return call(() -> {
            try (AbstractPipeline pipeline = redis().pipelined()) {
                List<Response<String>> values = keys.stream().map(k -> pipeline.get(key(k))).toList();
                pipeline.sync();
                return values.stream().map(v -> Optional.ofNullable(v.get())).toList();
            }
        });
    }

    @Override
    public void delete(String key) {
        call(() -> redis().del(key(key)));
    }

    @Override
    public boolean touch(String key, Duration ttl) {
        return call(() -> redis().pexpire(key(key), Math.max(1, ttl.toMillis()))) == 1;
    }

    @Override
    public Optional<String> take(String key) {
        return Optional.ofNullable(call(() -> redis().getDel(key(key))));
    }

    @Override
    public long hit(String key, Duration window) {
        // One round trip, and the window is set exactly once even if two nodes race on the first hit.
        return call(() -> {
            try (AbstractPipeline pipeline = redis().pipelined()) {
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
        try (AbstractPipeline pipeline = redis().pipelined()) {
            List<Response<Long>> counts = new ArrayList<>(calls.size());
            List<List<Response<String>>> values = new ArrayList<>(calls.size());
            for (HitAndRead call : calls) {
                counts.add(queueHit(pipeline, call.counter(), call.window()));
                // GETs rather than one MGET: on a cluster a call's keys may live in several slots
                values.add(call.keys().stream().map(k -> pipeline.get(key(k))).toList());
            }
            pipeline.sync();
            List<Reading> readings = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                readings.add(new Reading(counts.get(i).get(), values.get(i).stream().map(v -> Optional.ofNullable(v.get())).toList()));
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
        } catch (JedisException first) {
            if (!isOutage(first)) {
                throw first;
            }
            dropIdleConnections();
            try {
                return command.get();
            } catch (JedisException again) {
                if (!isOutage(again)) {
                    throw again;
                }
                throw unavailable(again);
            }
        }
    }

    /** Not reachable, or still loading its data after a restart: the same call may succeed shortly. */
    private static boolean isOutage(RuntimeException e) {
        return e instanceof JedisConnectionException || e instanceof JedisClusterOperationException
                || e.getMessage() != null && (e.getMessage().startsWith("LOADING") || e.getMessage().startsWith("CLUSTERDOWN"));
    }

    private ProblemException unavailable(RuntimeException cause) {
        failures.accept(cause);
        return ProblemException.unavailable("Redis, which checks this, is not reachable just now; "
                + "send the same request again shortly");
    }

    private void dropIdleConnections() {
        try {
            if (single != null) {
                single.getPool().clear();
            } else if (clusterClient != null) {
                clusterClient.getClusterNodes().values().forEach(ConnectionPool::clear);
            }
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
        call(() -> redis().sadd(k, member));
        if (ttl != null) {
            call(() -> redis().pexpire(k, ttl.toMillis()));
        }
    }

    @Override
    public void addMembers(String key, Collection<String> members, Duration ttl) {
        if (members.isEmpty()) {
            return;
        }
        String k = key(key);
        call(() -> redis().sadd(k, members.toArray(String[]::new)));
        if (ttl != null) {
            call(() -> redis().pexpire(k, ttl.toMillis()));
        }
    }

    @Override
    public void removeMember(String key, String member) {
        call(() -> redis().srem(key(key), member));
    }

    @Override
    public Set<String> members(String key) {
        return call(() -> redis().smembers(key(key)));
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
            try (AbstractPipeline pipeline = redis().pipelined()) {
                for (Publication publication : batch) {
                    if (pipeline instanceof ClusterPipeline sharded) {
                        sharded.spublish(publication.channel(), publication.message());
                    } else {
                        pipeline.publish(publication.channel(), publication.message());
                    }
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

    // ---- subscriptions ----

    /** Whether the channel is one of the anchors that keep a subscriber connection subscribed. */
    private boolean anchor(String channel) {
        return channel.startsWith(namespace + "anchor");
    }

    @Override
    public void subscribe(String channel, Consumer<String> listener) {
        String c = key(channel);
        CompletableFuture<Void> confirmation;
        synchronized (listeners) {
            List<Consumer<String>> list = listeners.computeIfAbsent(c, x -> new CopyOnWriteArrayList<>());
            list.add(listener);
            if (list.size() > 1 || confirmed.contains(c)) {
                return;
            }
            confirmation = confirming.computeIfAbsent(c, x -> new CompletableFuture<>());
            ask(c);
        }
        awaitConfirmation(c, confirmation);
    }

    /** Sends the subscription on its shard's connection, if that is up; a connection that comes up sends it anyway. */
    private void ask(String channel) {
        try {
            shardOf(channel).ask(channel);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Subscribing to " + channel + " waits for Redis", e);
        }
    }

    /**
     * Waits for Redis to confirm a new subscription, asking again now and then: the request may have been sent while
     * the connection was being replaced. After {@link #CONFIRM_MILLIS} the subscription is left to the reconnection.
     */
    private void awaitConfirmation(String channel, CompletableFuture<Void> confirmation) {
        long deadline = System.currentTimeMillis() + CONFIRM_MILLIS;
        while (!closed) {
            try {
                confirmation.get(ASK_AGAIN_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException late) {
                if (System.currentTimeMillis() >= deadline) {
                    LOG.warning(() -> "Redis has not confirmed the subscription to " + channel + " within "
                            + CONFIRM_MILLIS + " ms; it is made as the subscriber connection comes back");
                    return;
                }
                synchronized (listeners) {
                    if (!listeners.containsKey(channel) || confirmed.contains(channel)) {
                        return;
                    }
                    ask(channel);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException impossible) {
                return;
            }
        }
    }

    @Override
    public void unsubscribe(String channel, Consumer<String> listener) {
        String c = key(channel);
        synchronized (listeners) {
            List<Consumer<String>> list = listeners.get(c);
            if (list == null || !list.remove(listener) || !list.isEmpty()) {
                return;
            }
            listeners.remove(c);
            CompletableFuture<Void> waiting = confirming.remove(c);
            if (waiting != null) {
                waiting.complete(null);
            }
            for (Shard shard : shards.values()) {
                shard.drop(c);
            }
        }
    }

    @Override
    public Set<String> subscribedChannels() {
        return confirmed.stream().filter(c -> !anchor(c)).map(c -> c.substring(namespace.length()))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The shard that serves the channel: the only one on a single Redis, the master of the channel's slot on a cluster. */
    private Shard shardOf(String channel) {
        String node = clusterNodes == null ? "" : ownerOf(JedisClusterCRC16.getSlot(channel));
        Shard shard = shards.computeIfAbsent(node, Shard::new);
        shard.start();
        return shard;
    }

    /** The cluster node ("host:port") that holds the slot now, as the client last learned the cluster's layout. */
    private String ownerOf(int slot) {
        try (Connection connection = cluster().getConnectionFromSlot(slot)) {
            return connection.getHostAndPort().toString();
        }
    }

    private void deliver(String channel, String message) {
        for (Consumer<String> listener : listeners.getOrDefault(channel, List.of())) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A listener of " + channel + " failed", e);
            }
        }
    }

    /**
     * One subscriber connection and its thread: every channel on a single Redis; on a cluster, the channels whose
     * slots one master holds (sharded pub/sub: a shard channel is heard only on the node that owns its slot). The
     * connection first subscribes to an anchor channel that no one publishes on, so that it stays subscribed while
     * rooms come and go; once the anchor is confirmed, every channel wanted on the shard follows.
     */
    private final class Shard {
        final String node;
        final Set<String> channels = ConcurrentHashMap.newKeySet();
        volatile String anchor;
        volatile Listening listening;
        private boolean started;
        /** Set while the subscription is lost, so that its return is logged once. */
        private volatile boolean lost;

        Shard(String node) {
            this.node = node;
        }

        synchronized void start() {
            if (!started) {
                started = true;
                Thread thread = threads.newThread(this::listen);
                thread.setName("suda-redis-subscriber" + (node.isEmpty() ? "" : "-" + node));
                thread.start();
            }
        }

        /** Holding the listeners' lock. */
        void ask(String channel) {
            channels.add(channel);
            Listening current = listening;
            if (current != null && current.live()) {
                try {
                    current.add(channel);
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "Subscribing to " + channel + " waits for the connection to come back", e);
                }
            }
        }

        /** Holding the listeners' lock. */
        void drop(String channel) {
            if (channels.remove(channel)) {
                Listening current = listening;
                if (current != null && current.live()) {
                    try {
                        current.drop(channel);
                    } catch (RuntimeException e) {
                        LOG.log(Level.FINE, "Unsubscribing from " + channel + " failed; a new connection will not ask for it", e);
                    }
                }
                confirmed.remove(channel);
            }
        }

        /** Redis confirmed a subscription on this shard's connection (the subscriber's thread). */
        void confirmed(Listening on, String channel) {
            confirmed.add(channel);
            CompletableFuture<Void> waiting = confirming.remove(channel);
            if (waiting != null) {
                waiting.complete(null);
            }
            if (channel.equals(anchor)) {
                synchronized (listeners) {
                    List<String> wanted = new ArrayList<>();
                    for (String c : channels) {
                        if (clusterNodes != null && !shardOf(c).equals(this)) {
                            channels.remove(c);
                            shardOf(c).ask(c);   // its slot moved to another master
                        } else {
                            wanted.add(c);
                        }
                    }
                    if (!wanted.isEmpty()) {
                        on.add(wanted.toArray(String[]::new));
                    }
                }
                if (lost) {
                    lost = false;
                    LOG.info(() -> "Redis subscription restored: this node hears the other nodes again");
                }
            }
        }

        /**
         * Listens until the node stops. A lost connection (Redis stopped, restarted or failed over) is subscribed
         * again, on a fresh connection and subscriber each time, after a pause that grows from 100 ms to 1 s while
         * Redis stays away and starts small again once a subscription holds.
         */
        void listen() {
            long pauseMillis = MIN_RESUBSCRIBE_MILLIS;
            while (!closed) {
                Listening attempt = clusterNodes == null ? new Plain(this) : new Sharded(this);
                try {
                    anchor = anchor == null ? anchorOf(node) : anchor;
                    listening = attempt;
                    attempt.run(anchor);
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    if (attempt.live() || confirmed.contains(anchor)) {
                        pauseMillis = MIN_RESUBSCRIBE_MILLIS;
                    }
                    if (!lost) {
                        LOG.log(Level.WARNING, "Redis subscription lost; subscribing again until Redis answers: {0}", e.toString());
                    }
                    lost = true;
                    if (isOutage(e)) {
                        failures.accept(e);
                    }
                    dropIdleConnections();
                } finally {
                    confirmed.removeAll(channels);
                    if (anchor != null) {
                        confirmed.remove(anchor);
                    }
                }
                if (clusterNodes != null) {
                    anchor = null;   // the node may hold other slots when it is back
                }
                if (!closed && !pause(pauseMillis)) {
                    return;
                }
                pauseMillis = Math.min(MAX_RESUBSCRIBE_MILLIS, pauseMillis * 2);
            }
        }

        void stop() {
            Listening current = listening;
            if (current != null && current.live()) {
                try {
                    current.stop();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "Unsubscribing as the node stops failed", e);
                }
            }
        }
    }

    /** A channel no one publishes on, whose slot the node holds (any name on a single Redis). */
    private String anchorOf(String node) {
        if (clusterNodes == null) {
            return namespace + "anchor";
        }
        for (int i = 0; i < 100_000; i++) {
            String candidate = namespace + "anchor{" + i + "}";
            if (ownerOf(JedisClusterCRC16.getSlot(candidate)).equals(node)) {
                return candidate;
            }
        }
        throw new JedisConnectionException("Redis Cluster node " + node + " holds no slot");
    }

    /** A subscriber on one connection; a lost one is replaced by a new one. */
    private interface Listening {
        /** Subscribes to the anchor and listens until the connection ends. */
        void run(String anchor);

        void add(String... channels);

        void drop(String channel);

        boolean live();

        void stop();
    }

    /** Plain pub/sub on a single Redis. */
    private final class Plain extends JedisPubSub implements Listening {
        private final Shard shard;

        Plain(Shard shard) {
            this.shard = shard;
        }

        @Override
        public void run(String anchor) {
            single.subscribe(this, anchor);
        }

        @Override
        public void add(String... channels) {
            subscribe(channels);
        }

        @Override
        public void drop(String channel) {
            unsubscribe(channel);
        }

        @Override
        public boolean live() {
            return isSubscribed();
        }

        @Override
        public void stop() {
            unsubscribe();
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            shard.confirmed(this, channel);
        }

        @Override
        public void onUnsubscribe(String channel, int subscribedChannels) {
            if (!listeners.containsKey(channel)) {
                confirmed.remove(channel);
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            deliver(channel, message);
        }
    }

    /** Sharded pub/sub (SSUBSCRIBE) on one master of a cluster. */
    private final class Sharded extends JedisShardedPubSub implements Listening {
        private final Shard shard;

        Sharded(Shard shard) {
            this.shard = shard;
        }

        @Override
        public void run(String anchor) {
            try (Connection connection = new Connection(HostAndPort.from(shard.node))) {
                proceed(connection, anchor);
            }
        }

        @Override
        public void add(String... channels) {
            // one command per channel: the channels of one SSUBSCRIBE must share a slot
            for (String channel : channels) {
                ssubscribe(channel);
            }
        }

        @Override
        public void drop(String channel) {
            sunsubscribe(channel);
        }

        @Override
        public boolean live() {
            return isSubscribed();
        }

        @Override
        public void stop() {
            sunsubscribe();
        }

        @Override
        public void onSSubscribe(String channel, int subscribedChannels) {
            shard.confirmed(this, channel);
        }

        @Override
        public void onSUnsubscribe(String channel, int subscribedChannels) {
            confirmed.remove(channel);
            if (listeners.containsKey(channel) && !closed) {
                // Redis let go of a channel that is still wanted: its slot moved to another master
                synchronized (listeners) {
                    shard.channels.remove(channel);
                    ask(channel);
                }
            }
        }

        @Override
        public void onSMessage(String channel, String message) {
            deliver(channel, message);
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
            if (single != null) {
                return "PONG".equals(call(single::ping));
            }
            // every master answers, or the node is not ready: a room whose slot is on a missing master is deaf
            Map<String, ConnectionPool> nodes = cluster().getClusterNodes();
            if (nodes.isEmpty()) {
                return false;
            }
            for (ConnectionPool pool : nodes.values()) {
                try (Connection connection = pool.getResource()) {
                    if (!connection.ping()) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return (clusterNodes == null ? "Redis at " : "") + redacted + " (namespace " + namespace + ")";
    }

    public void close() {
        closed = true;
        publisher.interrupt();
        reconciler.interrupt();
        shards.values().forEach(Shard::stop);
        if (single != null) {
            single.close();
        } else if (clusterClient != null) {
            clusterClient.close();
        }
    }
}
