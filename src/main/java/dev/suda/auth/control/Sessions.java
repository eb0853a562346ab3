package dev.suda.auth.control;

import dev.suda.platform.SharedState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A token is valid only while its session is in the shared state: its signature alone is not enough, so
 * a logout or a site ban takes effect on the very next request, on every node.
 */
@ApplicationScoped
public class Sessions {

    @Inject
    SharedState state;

    private static String sessionKey(String sessionId) {
        return "session:" + sessionId;
    }

    private static String userKey(long userId) {
        return "user-sessions:" + userId;
    }

    public void open(long userId, String sessionId, Instant expiresAt) {
        Duration ttl = Duration.between(Instant.now(), expiresAt);
        state.put(sessionKey(sessionId), String.valueOf(userId), ttl);
        state.addMember(userKey(userId), sessionId, ttl.plusMinutes(1));
    }

    /** The user whose live session this is, or empty once it has ended or expired. */
    public Optional<Long> userOf(String sessionId) {
        return sessionId == null ? Optional.empty() : state.get(sessionKey(sessionId)).map(Long::valueOf);
    }

    public void close(Caller caller) {
        state.delete(sessionKey(caller.sessionId()));
        state.removeMember(userKey(caller.userId()), caller.sessionId());
    }

    public void closeAll(long userId) {
        for (String sessionId : state.members(userKey(userId))) {
            state.delete(sessionKey(sessionId));
        }
        state.delete(userKey(userId));
    }
}
