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

    /**
     * The hash tag of a room's keys and channel, {@code {room:42}}: on a Redis Cluster everything of one room lives in
     * one slot, so its keys can be read together and its channel is served by the master that holds them.
     */
    static String room(long roomId) {
        return "{room:" + roomId + "}";
    }

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

    /**
     * Delivers every message published on the channel, by any node, to the listener. The first listener of a channel
     * makes this node subscribe to it; the call returns once the store has confirmed the subscription (or, when it
     * cannot be reached, the subscription is left for the reconnection to make), so that whatever is published after
     * it returns reaches the listener.
     */
    void subscribe(String channel, Consumer<String> listener);

    /** Stops delivering the channel's messages to the listener; the last listener's going unsubscribes this node. */
    void unsubscribe(String channel, Consumer<String> listener);

    /** The channels this node is subscribed to just now, as the store confirmed them (for tests and operators). */
    Set<String> subscribedChannels();

    /** True when the store answers; used by readiness. */
    boolean reachable();

    /** What this store is, for the log and health output. */
    String describe();
}
