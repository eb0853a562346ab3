package dev.suda.platform;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The fast state nodes share: sessions, sanctions, presence, rate counters and fan-out between nodes.
 * Redis when REDIS_URL is set; an in-process store on the embedded single-node default.
 */
public interface SharedState {

    /** Stores a value; a null ttl keeps it until deleted. */
    void put(String key, String value, Duration ttl);

    Optional<String> get(String key);

    /** Reads several values in one round trip: one entry per key, in the keys' order. */
    List<Optional<String>> getAll(List<String> keys);

    void delete(String key);

    /**
     * Gives a value (or a set) that is still there a new time to live; true if it was there. It never brings back
     * what was deleted, as writing the value again could.
     */
    boolean touch(String key, Duration ttl);

    /** Reads and deletes a value in one step, so that only one caller ever gets it. */
    Optional<String> take(String key);

    /** Counts one hit in a fixed window that starts at the first hit; returns the count so far. */
    long hit(String key, Duration window);

    /** One call of {@link #hitAndGetAll}: a hit to count on a counter (as {@link #hit}), and values to read. */
    record HitAndRead(String counter, Duration window, List<String> keys) {
    }

    /** What one {@link HitAndRead} found: the counter's hits so far, and one value per key, in the keys' order. */
    record Reading(long hits, List<Optional<String>> values) {
    }

    /**
     * Counts every call's hit and reads every call's values in one round trip: the checks of a batch of posts. One
     * reading per call, in the calls' order.
     */
    List<Reading> hitAndGetAll(List<HitAndRead> calls);

    /** Adds a member to a set and (re)sets the set's time to live when one is given. */
    void addMember(String key, String member, Duration ttl);

    /** Adds several members to a set at once (one round trip where the store allows), as {@link #addMember}. */
    default void addMembers(String key, Collection<String> members, Duration ttl) {
        members.forEach(member -> addMember(key, member, ttl));
    }

    void removeMember(String key, String member);

    Set<String> members(String key);

    /** Sends a message to every node's subscribers of the channel, this node's included. */
    void publish(String channel, String message);

    /** Delivers every message published on the channel, by any node, to the listener. */
    void subscribe(String channel, Consumer<String> listener);

    /** True when the store answers; used by readiness. */
    boolean reachable();

    /** What this store is, for the log and health output. */
    String describe();
}
