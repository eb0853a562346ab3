package it.dev.suda.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * Suda's API as a typed MicroProfile Rest Client sees it, written from /openapi the way a generated client
 * would be: one method per operation, the schemas of SPEC §8 as records.
 */
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface SudaClient extends AutoCloseable {

    String AUTHORIZATION = "Authorization";

    record User(long id, String username, String email, boolean admin, boolean guest, boolean banned, String display) {
    }

    record SignedIn(String token, Instant expiresAt, User user) {
    }

    record Registration(String email, String username, String password) {
    }

    record Credentials(String email, String password) {
    }

    record GuestEntry(String nickname) {
    }

    record RoomName(String name) {
    }

    record Room(long id, String name, long ownerId, long memberCount, long onlineCount, Instant createdAt) {
    }

    record RoomRef(long roomId) {
    }

    record Membership(long id, long roomId, long userId, String display, String role, boolean muted, Instant mutedUntil,
                      boolean banned, Instant bannedUntil, boolean online) {
    }

    record MuteChange(boolean muted, String reason, Integer minutes) {
    }

    record NewMessage(long roomId, String content, String clientMsgId) {
    }

    record Sender(long id, String display, String role) {
    }

    record Message(long id, long roomId, Sender sender, String content, String kind, String clientMsgId, Instant createdAt) {
    }

    record MessagePage(List<Message> items, Long nextBefore) {
    }

    record AuditEntry(long id, Long roomId, long actorId, Long targetId, String action, String reason, Instant until,
                      Instant createdAt) {
    }

    @POST
    @Path("users/register")
    User register(Registration registration);

    @POST
    @Path("auth/login")
    SignedIn login(Credentials credentials);

    @POST
    @Path("auth/guest")
    SignedIn enterAsGuest(GuestEntry entry);

    @GET
    @Path("auth/me")
    User me(@HeaderParam(AUTHORIZATION) String bearer);

    @POST
    @Path("auth/logout")
    void logout(@HeaderParam(AUTHORIZATION) String bearer);

    @POST
    @Path("rooms")
    Room createRoom(@HeaderParam(AUTHORIZATION) String bearer, RoomName name);

    @GET
    @Path("rooms/{id}")
    Room room(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("id") long roomId);

    @PATCH
    @Path("rooms/{id}")
    Room renameRoom(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("id") long roomId, RoomName name);

    @POST
    @Path("room-users/join")
    Membership join(@HeaderParam(AUTHORIZATION) String bearer, RoomRef room);

    @GET
    @Path("room-users/{roomId}")
    List<Membership> members(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("roomId") long roomId);

    @PATCH
    @Path("room-users/{id}/mute")
    Membership mute(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("id") long membershipId, MuteChange change);

    @POST
    @Path("messages")
    Response post(@HeaderParam(AUTHORIZATION) String bearer, NewMessage message);

    @GET
    @Path("messages/{roomId}")
    MessagePage history(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("roomId") long roomId,
                        @QueryParam("before") Long before, @QueryParam("limit") Integer limit);

    @PUT
    @Path("me/mutes/{userId}")
    void muteForMe(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("userId") long userId);

    @DELETE
    @Path("me/mutes/{userId}")
    void unmuteForMe(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("userId") long userId);

    @GET
    @Path("rooms/{id}/audit")
    List<AuditEntry> roomAudit(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("id") long roomId);

    static String bearer(SignedIn session) {
        return "Bearer " + session.token();
    }
}
