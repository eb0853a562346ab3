package dev.suda.pages.boundary;

import dev.suda.auth.control.Caller;
import dev.suda.auth.control.Tickets;
import dev.suda.membership.control.Memberships;
import dev.suda.membership.control.ReadMarkers;
import dev.suda.membership.entity.Role;
import dev.suda.messages.control.Messages;
import dev.suda.moderation.control.PersonalMutes;
import dev.suda.pages.control.RoomScreen;
import dev.suda.pages.control.SanctionLength;
import dev.suda.platform.ProblemException;
import dev.suda.rooms.control.Rooms;
import dev.suda.voice.control.IceServers;
import dev.suda.voice.control.VoiceChannel;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The room page and the calls its script makes: a socket ticket, older history, the member list, moderation,
 * deleting messages and the room, and personal mutes. Every call that changes something needs the CSRF token.
 *
 * <pre>
 * GET  /rooms/{id}                               the page
 * GET  /rooms/{id}/history?before=               older messages, newest first
 * GET  /rooms/{id}/members                       members with the actions the viewer may take
 * POST /rooms/{id}/join, /rooms/{id}/leave       forms
 * POST /rooms/{id}/ticket                        a one-time ticket for /ws/rooms/{id}?ticket=
 * POST /rooms/{id}/voice                         ICE servers (fresh TURN credentials) for joining voice
 * POST /rooms/{id}/delete                        delete the room
 * POST /rooms/{id}/members/{membershipId}/{ban|unban|kick|mute|unmute|admin|member}   reason, minutes
 * POST /rooms/{id}/messages/{messageId}/delete
 * POST /rooms/{id}/mutes/{userId}                muted=true|false (personal mute)
 * </pre>
 */
@WebServlet("/rooms/*")
public class RoomPage extends PageServlet {

    @Inject
    RoomScreen screen;

    @Inject
    Rooms rooms;

    @Inject
    Memberships memberships;

    @Inject
    Messages messages;

    @Inject
    PersonalMutes personalMutes;

    @Inject
    Tickets tickets;

    @Inject
    ReadMarkers readMarkers;

    @Inject
    Forms forms;

    @Inject
    IceServers iceServers;

    @Inject
    VoiceChannel voice;

    private static String[] parts(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null || path.length() < 2 ? new String[0] : path.substring(1).split("/");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String[] parts = parts(request);
        if (parts.length == 1) {
            Optional<Visitor> visitor = visitorOrSignIn(request, response);
            if (visitor.isPresent()) {
                page(visitor.get(), parts[0], request, response);
            }
            return;
        }
        Optional<Visitor> visitor = browser.visitor(request);
        if (visitor.isEmpty()) {
            problem(response, ProblemException.unauthorized("Your session has ended; sign in again"));
            return;
        }
        Caller caller = visitor.get().caller();
        try {
            if (parts.length == 2 && parts[1].equals("history")) {
                String before = request.getParameter("before");
                json(response, 200, screen.older(caller, id(parts[0]), before == null || before.isBlank() ? null : id(before)));
            } else if (parts.length == 2 && parts[1].equals("members")) {
                json(response, 200, screen.members(caller, id(parts[0])));
            } else {
                throw ProblemException.notFound("No such page");
            }
        } catch (RuntimeException failed) {
            answer(response, failed);
        }
    }

    private void page(Visitor visitor, String id, HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        try {
            long roomId = id(id);
            request.setAttribute("model", screen.of(visitor.caller(), roomId));
            // where the page opens: the first message after this one, under a "new messages" divider
            long lastRead = readMarkers.lastRead(roomId, visitor.caller().userId());
            request.setAttribute("lastReadId", lastRead);
            request.setAttribute("firstUnreadId", readMarkers.firstUnread(roomId, visitor.caller().userId(), lastRead));
            render("room", request, response);
        } catch (RuntimeException failed) {
            browser.flash(request, refusalText(request, refusal(failed)));
            redirect(request, response, "/rooms");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String[] parts = parts(request);
        boolean form = parts.length == 2 && (parts[1].equals("join") || parts[1].equals("leave"));
        Optional<Visitor> visitor = form ? visitorOrSignIn(request, response) : browser.visitor(request);
        if (visitor.isEmpty()) {
            if (!form) {
                problem(response, ProblemException.unauthorized("Your session has ended; sign in again"));
            }
            return;
        }
        Caller caller = visitor.get().caller();
        try {
            browser.checkCsrf(request);
            long roomId = parts.length > 0 ? id(parts[0]) : -1;
            if (form) {
                if (parts[1].equals("join")) {
                    memberships.enter(caller, roomId);
                    redirect(request, response, "/rooms/" + roomId);
                } else {
                    memberships.leave(caller, roomId);
                    browser.flash(request, texts(request).text("flash.left"));
                    redirect(request, response, "/rooms");
                }
                return;
            }
            json(response, 200, call(caller, roomId, parts, request));
        } catch (RuntimeException failed) {
            if (form) {
                ProblemException refused = refusal(failed);
                if ("banned".equals(refused.code())) {
                    // the room's page says so, with the ban's end in the reader's own time
                    redirect(request, response, "/rooms/" + parts[0]);
                    return;
                }
                browser.flash(request, refusalText(request, refused));
                redirect(request, response, "/rooms");
            } else {
                answer(response, failed);
            }
        }
    }

    private Object call(Caller caller, long roomId, String[] parts, HttpServletRequest request) {
        if (parts.length == 2 && parts[1].equals("ticket")) {
            rooms.require(roomId);
            // a page that was away while its viewer was banned learns it here, rather than from refused handshakes
            memberships.find(roomId, caller.userId()).filter(m -> m.isBannedAt(Instant.now())).ifPresent(m -> {
                throw ProblemException.forbidden("banned", "You are banned from this room").until(m.getBannedUntil());
            });
            return tickets.issue(caller);
        }
        if (parts.length == 2 && parts[1].equals("voice")) {
            rooms.require(roomId);
            return Map.of("iceServers", iceServers.forUser(caller.userId()), "maxParticipants", voice.maxParticipants());
        }
        if (parts.length == 2 && parts[1].equals("delete")) {
            rooms.delete(caller, roomId);
            return Map.of("deleted", roomId);
        }
        if (parts.length == 4 && parts[1].equals("members")) {
            return moderate(caller, roomId, id(parts[2]), parts[3], request);
        }
        if (parts.length == 4 && parts[1].equals("messages") && parts[3].equals("delete")) {
            messages.delete(caller, id(parts[2]));
            return Map.of("deleted", id(parts[2]));
        }
        if (parts.length == 3 && parts[1].equals("mutes")) {
            long userId = id(parts[2]);
            if ("true".equals(request.getParameter("muted"))) {
                personalMutes.mute(caller, userId);
            } else {
                personalMutes.unmute(caller, userId);
            }
            return Map.of("userId", userId, "muted", "true".equals(request.getParameter("muted")));
        }
        throw ProblemException.notFound("No such page");
    }

    private Object moderate(Caller caller, long roomId, long membershipId, String action, HttpServletRequest request) {
        Memberships.Ref target = memberships.locate(membershipId);
        if (target.roomId() != roomId) {
            throw ProblemException.notFound("No such member in this room");
        }
        String reason = forms.check(new Forms.Reason(blankToNull(request.getParameter("reason"))), texts(request).locale()).reason();
        long userId = target.userId();
        return switch (action) {
            case "ban" -> memberships.banFor(caller, roomId, userId, true, reason, SanctionLength.parse(request.getParameter("minutes")));
            case "unban" -> memberships.banFor(caller, roomId, userId, false, reason, null);
            case "mute" -> memberships.muteFor(caller, roomId, userId, true, reason, SanctionLength.parse(request.getParameter("minutes")));
            case "unmute" -> memberships.muteFor(caller, roomId, userId, false, reason, null);
            case "admin" -> memberships.setRole(caller, roomId, userId, Role.ADMIN);
            case "member" -> memberships.setRole(caller, roomId, userId, Role.MEMBER);
            case "kick" -> {
                memberships.kick(caller, roomId, userId, reason);
                yield List.of();
            }
            default -> throw ProblemException.notFound("No such action: " + action);
        };
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static void answer(HttpServletResponse response, RuntimeException failed) throws IOException {
        ProblemException refused = refusal(failed);
        problem(response, refused);
    }
}
