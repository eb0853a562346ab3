package dev.suda.membership.control;

import static dev.suda.membership.control.Ranks.Act.APPOINT;
import static dev.suda.membership.control.Ranks.Act.BAN;
import static dev.suda.membership.control.Ranks.Act.DELETE_MESSAGE;
import static dev.suda.membership.control.Ranks.Act.KICK;
import static dev.suda.membership.control.Ranks.Act.MUTE;
import static dev.suda.membership.entity.Role.ADMIN;
import static dev.suda.membership.entity.Role.GUEST;
import static dev.suda.membership.entity.Role.MEMBER;
import static dev.suda.membership.entity.Role.OWNER;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.suda.membership.entity.Role;
import org.junit.jupiter.api.Test;

class RanksTest {

    @Test
    void ownerBansKicksMutesAndAppointsEveryoneBelow() {
        for (Ranks.Act act : Ranks.Act.values()) {
            for (Role target : new Role[] {ADMIN, MEMBER, GUEST}) {
                assertTrue(Ranks.may(OWNER, false, act, target, false), act + " on " + target);
            }
        }
    }

    @Test
    void adminModeratesMembersAndGuestsButAppointsNobody() {
        for (Ranks.Act act : new Ranks.Act[] {BAN, KICK, MUTE, DELETE_MESSAGE, Ranks.Act.VOICE_MUTE}) {
            assertTrue(Ranks.may(ADMIN, false, act, MEMBER, false));
            assertTrue(Ranks.may(ADMIN, false, act, GUEST, false));
        }
        assertFalse(Ranks.may(ADMIN, false, APPOINT, MEMBER, false));
        assertFalse(Ranks.may(MEMBER, false, Ranks.Act.VOICE_MUTE, GUEST, false), "members do not voice-mute anyone");
    }

    @Test
    void nobodyActsOnAnEqualOrHigherRank() {
        assertFalse(Ranks.may(ADMIN, false, BAN, ADMIN, false));
        assertFalse(Ranks.may(ADMIN, false, BAN, OWNER, false));
        assertFalse(Ranks.may(OWNER, false, BAN, OWNER, false));
        assertFalse(Ranks.may(OWNER, false, KICK, MEMBER, true), "a site admin outranks the room's owner");
        assertFalse(Ranks.may(null, true, BAN, null, true), "site admins do not act on each other");
    }

    @Test
    void membersAndGuestsCannotModerate() {
        for (Ranks.Act act : Ranks.Act.values()) {
            assertFalse(Ranks.may(MEMBER, false, act, GUEST, false), "member " + act);
            assertFalse(Ranks.may(GUEST, false, act, GUEST, false), "guest " + act);
            assertFalse(Ranks.may(null, false, act, GUEST, false), "outsider " + act);
        }
    }

    @Test
    void siteAdminOutranksEveryRoomRoleEvenWithoutMembership() {
        for (Ranks.Act act : Ranks.Act.values()) {
            assertTrue(Ranks.may(null, true, act, OWNER, false), act.name());
            assertTrue(Ranks.may(GUEST, true, act, ADMIN, false), act.name());
        }
    }
}
