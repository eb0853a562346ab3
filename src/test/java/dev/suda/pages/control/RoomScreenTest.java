package dev.suda.pages.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.suda.membership.control.MembershipView;
import dev.suda.membership.entity.Role;
import dev.suda.messages.control.MessageView;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomScreenTest {

    private static MembershipView membership(long userId, Role role, boolean banned) {
        return new MembershipView(userId * 10, 1, userId, "user" + userId, role, false, null, banned, null, true);
    }

    private static MessageView message(long senderId, Role role, String kind) {
        return new MessageView(99, 1, new MessageView.Sender(senderId, "user" + senderId, role), "hi", kind, null, Instant.now());
    }

    @Test
    void anOwnerModeratesAndAppointsMembers() {
        RoomScreen.Member member = RoomScreen.member(membership(2, Role.MEMBER, false), 1, Role.OWNER, false, Set.of());
        assertTrue(member.moderate());
        assertTrue(member.appoint());
    }

    @Test
    void anAdminModeratesMembersButAppointsNobodyAndLeavesOtherAdminsAlone() {
        RoomScreen.Member member = RoomScreen.member(membership(2, Role.MEMBER, false), 1, Role.ADMIN, false, Set.of());
        assertTrue(member.moderate());
        assertFalse(member.appoint());
        RoomScreen.Member peer = RoomScreen.member(membership(3, Role.ADMIN, false), 1, Role.ADMIN, false, Set.of());
        assertFalse(peer.moderate());
    }

    @Test
    void guestsAreNeverAppointedAndNobodyActsOnThemselves() {
        assertFalse(RoomScreen.member(membership(2, Role.GUEST, false), 1, Role.OWNER, false, Set.of()).appoint());
        RoomScreen.Member self = RoomScreen.member(membership(1, Role.OWNER, false), 1, Role.OWNER, false, Set.of());
        assertTrue(self.self());
        assertFalse(self.moderate());
        assertFalse(self.appoint());
    }

    @Test
    void aMemberMayOnlyHideOthersForItself() {
        RoomScreen.Member other = RoomScreen.member(membership(2, Role.GUEST, false), 1, Role.MEMBER, false, Set.of(2L));
        assertFalse(other.moderate());
        assertTrue(other.mutedByMe());
    }

    @Test
    void authorsDeleteTheirOwnMessagesAndModeratorsThoseOfLowerRank() {
        assertTrue(RoomScreen.line(message(1, Role.MEMBER, "USER"), 1, Role.MEMBER, false).deletable());
        assertFalse(RoomScreen.line(message(2, Role.MEMBER, "USER"), 1, Role.MEMBER, false).deletable());
        assertTrue(RoomScreen.line(message(2, Role.MEMBER, "USER"), 1, Role.ADMIN, false).deletable());
        assertFalse(RoomScreen.line(message(2, Role.OWNER, "USER"), 1, Role.ADMIN, false).deletable());
        assertTrue(RoomScreen.line(message(2, Role.OWNER, "USER"), 1, null, true).deletable());
        assertFalse(RoomScreen.line(message(1, Role.MEMBER, "SYSTEM"), 1, Role.OWNER, false).deletable());
    }
}
