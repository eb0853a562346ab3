package dev.suda.membership.control;

import dev.suda.membership.entity.Role;

/**
 * The rank rules of room moderation, in one place and free of any framework so that they are tested alone.
 * A site admin stands above every room role; nobody acts on an equal or higher rank (so nobody moderates
 * themselves, and two admins cannot ban each other). A missing role (not a member) ranks lowest.
 */
public final class Ranks {

    /** Above every room role. */
    static final int SITE_ADMIN = 100;

    public enum Act {
        BAN, KICK, MUTE,
        /** Make a member ADMIN, or an ADMIN a member again. */
        APPOINT,
        /** Delete someone else's message (authors may always delete their own). */
        DELETE_MESSAGE,
        /** Server-mute a speaker in the room's voice channel. */
        VOICE_MUTE
    }

    private Ranks() {
    }

    public static int rank(Role role, boolean siteAdmin) {
        return siteAdmin ? SITE_ADMIN : role == null ? 0 : role.rank();
    }

    /** Whether the actor's position allows the act at all, whoever the target. */
    public static boolean mayAct(Role actor, boolean actorSiteAdmin, Act act) {
        if (actorSiteAdmin) {
            return true;
        }
        if (actor == null) {
            return false;
        }
        return act == Act.APPOINT ? actor == Role.OWNER : actor == Role.OWNER || actor == Role.ADMIN;
    }

    /** Whether the actor strictly outranks the target. */
    public static boolean outranks(Role actor, boolean actorSiteAdmin, Role target, boolean targetSiteAdmin) {
        return rank(actor, actorSiteAdmin) > rank(target, targetSiteAdmin);
    }

    public static boolean may(Role actor, boolean actorSiteAdmin, Act act, Role target, boolean targetSiteAdmin) {
        return mayAct(actor, actorSiteAdmin, act) && outranks(actor, actorSiteAdmin, target, targetSiteAdmin);
    }
}
