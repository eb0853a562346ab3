package dev.suda.messages.control;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many posts each user has waiting to be stored on this node, bounded. The posting rules (the send rate among
 * them) are checked as a batch is stored, so a flood would otherwise reach the writers' queue, which every room
 * shares, before being refused; with the bound, a user's excess is refused at once and the queue holds at most
 * {@code max} of anyone's posts.
 */
final class WaitingPosts {

    private final ConcurrentHashMap<Long, Integer> waiting = new ConcurrentHashMap<>();
    private final int max;

    WaitingPosts(int max) {
        this.max = max;
    }

    /** Counts one more waiting post of the user; false (and nothing counted) when the user has {@code max} already. */
    boolean enter(long userId) {
        boolean[] entered = {false};
        waiting.compute(userId, (id, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            entered[0] = true;
            return now + 1;
        });
        return entered[0];
    }

    /** One of the user's posts is no longer waiting. */
    void leave(long userId) {
        waiting.computeIfPresent(userId, (id, count) -> count <= 1 ? null : count - 1);
    }

    /** The user's posts waiting now. */
    int of(long userId) {
        return waiting.getOrDefault(userId, 0);
    }

    /** How many users have posts waiting. */
    int users() {
        return waiting.size();
    }
}
