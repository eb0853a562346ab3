package dev.suda.realtime.control;

import dev.suda.platform.SharedState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is online in a room, across nodes: one set member per open socket ({@code userId:socketId}), so a user
 * with two tabs stays online until the last closes.
 */
@ApplicationScoped
public class Presence {

    @Inject
    SharedState state;

    private static String key(long roomId) {
        return "presence:" + roomId;
    }

    public void arrived(long roomId, long userId, String socketId) {
        state.addMember(key(roomId), userId + ":" + socketId, null);
    }

    public void left(long roomId, long userId, String socketId) {
        state.removeMember(key(roomId), userId + ":" + socketId);
    }

    public Set<Long> online(long roomId) {
        return state.members(key(roomId)).stream()
                .map(member -> Long.valueOf(member.substring(0, member.indexOf(':'))))
                .collect(Collectors.toUnmodifiableSet());
    }

    public int onlineCount(long roomId) {
        return online(roomId).size();
    }

    public boolean isOnline(long roomId, long userId) {
        return online(roomId).contains(userId);
    }

    public void forget(long roomId) {
        state.delete(key(roomId));
    }
}
