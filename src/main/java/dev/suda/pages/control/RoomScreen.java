package dev.suda.pages.control;

import dev.suda.auth.control.Caller;
import dev.suda.membership.control.MembershipView;
import dev.suda.membership.control.Memberships;
import dev.suda.membership.control.Ranks;
import dev.suda.membership.entity.Membership;
import dev.suda.membership.entity.Role;
import dev.suda.messages.control.MessageView;
import dev.suda.messages.control.Messages;
import dev.suda.moderation.control.PersonalMutes;
import dev.suda.rooms.control.RoomView;
import dev.suda.rooms.control.Rooms;
import dev.suda.users.control.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What the room page shows one person: the room, its members with the actions this person may take on each,
 * and the latest messages. The rules come from {@link Ranks}; buttons only follow them, the controls enforce them.
 */
@ApplicationScoped
public class RoomScreen {

    public static final int FIRST_PAGE = 50;

    @Inject
    Rooms rooms;

    @Inject
    Memberships memberships;

    @Inject
    Messages messages;

    @Inject
    Users users;

    @Inject
    PersonalMutes personalMutes;

    /**
     * A member as the viewer sees it: {@code moderate} when the viewer may ban, kick and mute it, {@code appoint}
     * when the viewer may make it ADMIN or MEMBER, {@code mutedByMe} when the viewer muted it personally.
     */
    public record Member(long id, long userId, String display, Role role, boolean muted, Instant mutedUntil,
                         boolean banned, Instant bannedUntil, boolean online, boolean self, boolean mutedByMe,
                         boolean moderate, boolean appoint) {
    }

    /** A message and whether the viewer wrote it, may delete it, and is mentioned in it. */
    public record Line(MessageView message, boolean mine, boolean deletable, boolean mentionsMe) {
    }

    /**
     * The page: {@code self} is the viewer's row (perhaps banned), {@code me} the same while it is in the room, else null; {@code rank} orders the viewer against
     * senders for the script's delete buttons; {@code lines} are oldest first.
     */
    public record Model(RoomView room, Member self, Member me, boolean siteAdmin, int rank, boolean moderator,
                        boolean canDeleteRoom, List<Member> members, List<Line> lines, Long nextBefore,
                        String sanctionReason) {
    }

    public Model of(Caller caller, long roomId) {
        RoomView room = rooms.get(roomId);
        boolean siteAdmin = users.isAdmin(caller.userId());
        List<Member> members = members(caller, roomId, siteAdmin);
        Member self = members.stream().filter(Member::self).findFirst().orElse(null);
        Member me = self == null || self.banned() ? null : self;
        Role role = me == null ? null : me.role();
        int rank = Ranks.rank(role, siteAdmin);
        boolean moderator = Ranks.mayAct(role, siteAdmin, Ranks.Act.BAN);
        boolean canDeleteRoom = room.ownerId() == caller.userId() || siteAdmin;
        List<Line> lines = List.of();
        Long nextBefore = null;
        if (me != null || siteAdmin) {
            Messages.Page page = messages.history(caller, roomId, null, FIRST_PAGE);
            lines = new ArrayList<>(page.items().stream().map(m -> line(m, caller.userId(), role, siteAdmin)).toList());
            Collections.reverse(lines);
            nextBefore = page.nextBefore();
        }
        // why the viewer may not post (muted) or not be here (banned), as the banner says it
        String sanctionReason = self == null || !(self.muted() || self.banned()) ? null
                : memberships.find(roomId, caller.userId())
                        .map(m -> self.banned() ? m.getBanReason() : m.getMuteReason()).orElse(null);
        return new Model(room, self, me, siteAdmin, rank, moderator, canDeleteRoom, members, lines, nextBefore,
                sanctionReason);
    }

    /** Older messages, newest first, for the page's scroll-back; {@code nextBefore} is null at the start of the room. */
    public record Older(List<Line> lines, Long nextBefore) {
    }

    public Older older(Caller caller, long roomId, Long before) {
        boolean siteAdmin = users.isAdmin(caller.userId());
        Role role = memberships.active(roomId, caller.userId()).map(Membership::getRole).orElse(null);
        Messages.Page page = messages.history(caller, roomId, before, FIRST_PAGE);
        return new Older(page.items().stream().map(m -> line(m, caller.userId(), role, siteAdmin)).toList(), page.nextBefore());
    }

    public List<Member> members(Caller caller, long roomId) {
        return members(caller, roomId, users.isAdmin(caller.userId()));
    }

    private List<Member> members(Caller caller, long roomId, boolean siteAdmin) {
        List<MembershipView> rows = memberships.list(caller, roomId);
        Set<Long> mutedByMe = personalMutes.mutedBy(caller.userId());
        Role myRole = rows.stream().filter(m -> m.userId() == caller.userId() && !m.banned())
                .map(MembershipView::role).findFirst().orElse(null);
        return rows.stream().map(m -> member(m, caller.userId(), myRole, siteAdmin, mutedByMe)).toList();
    }

    static Member member(MembershipView m, long viewerId, Role viewerRole, boolean viewerSiteAdmin, Set<Long> mutedByMe) {
        boolean self = m.userId() == viewerId;
        boolean moderate = !self && Ranks.may(viewerRole, viewerSiteAdmin, Ranks.Act.BAN, m.role(), false);
        boolean appoint = !self && (m.role() == Role.MEMBER || m.role() == Role.ADMIN) && !m.banned()
                && Ranks.may(viewerRole, viewerSiteAdmin, Ranks.Act.APPOINT, m.role(), false);
        return new Member(m.id(), m.userId(), m.display(), m.role(), m.muted(), m.mutedUntil(), m.banned(),
                m.bannedUntil(), m.online(), self, mutedByMe.contains(m.userId()), moderate, appoint);
    }

    static Line line(MessageView message, long viewerId, Role viewerRole, boolean viewerSiteAdmin) {
        boolean user = "USER".equals(message.kind());
        boolean mine = user && message.sender().id() == viewerId;
        boolean deletable = user && (mine
                || Ranks.may(viewerRole, viewerSiteAdmin, Ranks.Act.DELETE_MESSAGE, message.sender().role(), false));
        boolean mentionsMe = message.mentions() != null && message.mentions().contains(viewerId);
        return new Line(message, mine, deletable, mentionsMe);
    }
}
