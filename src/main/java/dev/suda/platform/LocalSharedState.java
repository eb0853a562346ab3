package dev.suda.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** The in-process store of the embedded default: one node, nothing survives a restart. */
public class LocalSharedState implements SharedState {

    private record Entry(Object value, long expiresAtMillis) {
        boolean expired(long now) {
            return expiresAtMillis > 0 && now >= expiresAtMillis;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();

    /** Expired entries nobody reads again would pile up; every few thousand writes sweeps them. */
    private void sweepNowAndThen() {
        if (writes.incrementAndGet() % 4096 == 0) {
            long now = System.currentTimeMillis();
            entries.values().removeIf(entry -> entry.expired(now));
        }
    }

    private static long deadline(Duration ttl) {
        return ttl == null ? 0 : System.currentTimeMillis() + ttl.toMillis();
    }

    private Object live(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.expired(System.currentTimeMillis())) {
            entries.remove(key, entry);
            return null;
        }
        return entry.value();
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        sweepNowAndThen();
        entries.put(key, new Entry(value, deadline(ttl)));
    }

    @Override
    public Optional<String> get(String key) {
        Object value = live(key);
        return value instanceof String || value instanceof Long ? Optional.of(value.toString()) : Optional.empty();
    }

    @Override
    public List<Optional<String>> getAll(List<String> keys) {
        return keys.stream().map(this::get).toList();
    }

    @Override
    public void delete(String key) {
        entries.remove(key);
    }

    @Override
    public boolean touch(String key, Duration ttl) {
        long now = System.currentTimeMillis();
        return entries.computeIfPresent(key, (k, old) -> old.expired(now) ? null : new Entry(old.value(), deadline(ttl))) != null;
    }

    @Override
    public Optional<String> take(String key) {
        Entry entry = entries.remove(key);
        return entry == null || entry.expired(System.currentTimeMillis()) || !(entry.value() instanceof String value)
                ? Optional.empty() : Optional.of(value);
    }

    @Override
    public long hit(String key, Duration window) {
        sweepNowAndThen();
        long now = System.currentTimeMillis();
        Entry updated = entries.compute(key, (k, old) -> old == null || old.expired(now)
                ? new Entry(1L, now + window.toMillis())
                : new Entry((Long) old.value() + 1, old.expiresAtMillis()));
        return (Long) updated.value();
    }

    @Override
    public List<Reading> hitAndGetAll(List<HitAndRead> calls) {
        return calls.stream().map(call -> new Reading(hit(call.counter(), call.window()), getAll(call.keys()))).toList();
    }

    @Override
    public void addMember(String key, String member, Duration ttl) {
        long now = System.currentTimeMillis();
        entries.compute(key, (k, old) -> {
            Set<String> set = old == null || old.expired(now) ? ConcurrentHashMap.newKeySet() : castSet(old.value());
            set.add(member);
            return new Entry(set, ttl == null ? (old == null ? 0 : old.expiresAtMillis()) : deadline(ttl));
        });
    }

    @Override
    public void removeMember(String key, String member) {
        entries.computeIfPresent(key, (k, old) -> {
            Set<String> set = castSet(old.value());
            set.remove(member);
            return set.isEmpty() ? null : old;
        });
    }

    @Override
    public Set<String> members(String key) {
        return live(key) instanceof Set<?> set ? Set.copyOf(castSet(set)) : Set.of();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> castSet(Object value) {
        return (Set<String>) value;
    }

    @Override
    public void publish(String channel, String message) {
        listeners.getOrDefault(channel, List.of()).forEach(listener -> listener.accept(message));
    }

    @Override
    public void subscribe(String channel, Consumer<String> listener) {
        listeners.compute(channel, (c, list) -> {
            List<Consumer<String>> updated = list == null ? new CopyOnWriteArrayList<>() : list;
            updated.add(listener);
            return updated;
        });
    }

    @Override
    public void unsubscribe(String channel, Consumer<String> listener) {
        listeners.computeIfPresent(channel, (c, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public Set<String> subscribedChannels() {
        return Set.copyOf(listeners.keySet());
    }

    @Override
    public boolean reachable() {
        return true;
    }

    @Override
    public String describe() {
        return "in-process store (single node)";
    }
}
