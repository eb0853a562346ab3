package dev.suda.membership.boundary;

import dev.suda.auth.boundary.CurrentCaller;
import dev.suda.auth.control.Caller;
import dev.suda.membership.control.MembershipView;
import dev.suda.membership.control.Memberships;
import dev.suda.membership.control.ReadMarkers;
import dev.suda.membership.entity.Role;
import dev.suda.platform.ProblemException;
import dev.suda.platform.Problem;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Membership and room moderation; {id} in the moderation paths is a membership id. */
@Path("room-users")
@Tag(name = "room-users", description = "Room membership: join, leave, members, roles, and room moderation (ban, mute, kick); {id} is a membership id")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MembershipsResource {

    /** A year: the longest timed sanction; longer ones are simply given without minutes. */
    static final String MAX_MINUTES = "525600";

    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    Memberships memberships;

    @Inject
    ReadMarkers readMarkers;

    @Inject
    CurrentCaller caller;

    @Schema(name = "RoomRef")
    public record RoomRef(@NotNull Long roomId) {
    }

    @Schema(name = "BanChange")
    public record BanChange(
            @NotNull Boolean banned,
            @Size(max = 500) String reason,
            @Schema(description = "How long the ban lasts, in minutes; fractions allowed (0.05 = 3 s); absent = until lifted")
            @Positive @DecimalMax(MAX_MINUTES) Double minutes) {
    }

    @Schema(name = "MuteChange")
    public record MuteChange(
            @NotNull Boolean muted,
            @Size(max = 500) String reason,
            @Schema(description = "How long the mute lasts, in minutes; fractions allowed (0.05 = 3 s); absent = until lifted")
            @Positive @DecimalMax(MAX_MINUTES) Double minutes) {
    }

    @Schema(name = "ReadMark")
    public record ReadMark(
            @Schema(description = "The newest message of the room the caller has read; a marker never moves back")
            @NotNull @PositiveOrZero Long lastReadId) {
    }

    @Schema(name = "ReadMarker")
    public record ReadMarker(long roomId,
                             @Schema(description = "Where the caller's marker stands now: the id sent, or a later one already set")
                             long lastReadId) {
    }

    @Schema(name = "RoleChange")
    public record RoleChange(@NotNull @Schema(description = "ADMIN or MEMBER") Role role) {
    }

    @Schema(name = "Kick")
    public record Kick(@Size(max = 500) String reason) {
    }

    @POST
    @Path("join")
    @Operation(operationId = "joinRoom", summary = "Join a room (guests join as GUEST); refused while banned from it")
    @APIResponse(responseCode = "201", description = "Joined now", content = @Content(schema = @Schema(implementation = MembershipView.class)))
    @APIResponse(responseCode = "200", description = "Already a member", content = @Content(schema = @Schema(implementation = MembershipView.class)))
    public Response join(@Valid @NotNull RoomRef body) {
        Memberships.Joined joined = memberships.enter(caller.get(), body.roomId());
        return Response.status(joined.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(joined.membership()).build();
    }

    @DELETE
    @Path("leave")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "leaveRoom", summary = "Leave a room: give roomId as ?roomId= or in a JSON body {roomId}")
    @APIResponse(responseCode = "204", description = "Left (or was not a member)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoomRef.class)))
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but a failure is problem JSON
    public void leave(@QueryParam("roomId") Long roomId, String body) {
        // A DELETE often comes without a body or a Content-Type, so the body is read by hand when there is one.
        Long room = roomId != null ? roomId : body == null || body.isBlank() ? null : parse(body).roomId();
        if (room == null) {
            throw ProblemException.badRequest("room_required", "Give roomId in the body or as ?roomId=");
        }
        memberships.leave(caller.get(), room);
    }

    @GET
    @Path("{roomId}")
    @Operation(operationId = "listMembers", summary = "A room's members with role, sanctions and online flag (banned users included, flagged)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = MembershipView[].class)))
    public List<MembershipView> list(@PathParam("roomId") long roomId) {
        return memberships.list(caller.get(), roomId);
    }

    @PATCH
    @Path("{id}/ban")
    @Operation(operationId = "banMember", summary = "Ban from the room (it leaves and cannot rejoin until unbanned or expiry) or lift a ban")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = MembershipView.class)))
    public MembershipView ban(@PathParam("id") long id, @Valid @NotNull BanChange body) {
        Caller who = caller.get();
        Memberships.Ref target = memberships.locate(id);
        return memberships.banFor(who, target.roomId(), target.userId(), body.banned(), body.reason(), duration(body.minutes()));
    }

    @PATCH
    @Path("{id}/mute")
    @Operation(operationId = "muteMember", summary = "Mute in the room (it reads but cannot send until unmuted or expiry) or lift a mute")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = MembershipView.class)))
    public MembershipView mute(@PathParam("id") long id, @Valid @NotNull MuteChange body) {
        Caller who = caller.get();
        Memberships.Ref target = memberships.locate(id);
        return memberships.muteFor(who, target.roomId(), target.userId(), body.muted(), body.reason(), duration(body.minutes()));
    }

    @PATCH
    @Path("{id}/role")
    @Operation(operationId = "setMemberRole", summary = "Make a member ADMIN, or an ADMIN a member again (the room's owner)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = MembershipView.class)))
    public MembershipView role(@PathParam("id") long id, @Valid @NotNull RoleChange body) {
        Caller who = caller.get();
        Memberships.Ref target = memberships.locate(id);
        return memberships.setRole(who, target.roomId(), target.userId(), body.role());
    }

    @POST
    @Path("{id}/kick")
    @Operation(operationId = "kickMember", summary = "Put a member out of the room; it may join again")
    @APIResponse(responseCode = "204", description = "Kicked")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but a failure is problem JSON
    public void kick(@PathParam("id") long id, @Valid Kick body) {
        Caller who = caller.get();
        Memberships.Ref target = memberships.locate(id);
        memberships.kick(who, target.roomId(), target.userId(), body == null ? null : body.reason());
    }

    @POST
    @Path("{roomId}/read")
    @Operation(operationId = "markRead", summary = "Move the caller's read marker in a room forward (its unread count follows)",
            description = "Only ever forward: an id at or before the marker changes nothing. Refused (400 bad_last_read)"
                    + " for an id beyond the room's newest message or of another room's message; 403 for a non-member."
                    + " The caller's sockets get readUpTo {roomId, lastReadId}.")
    @APIResponse(responseCode = "200", description = "The marker as it stands",
            content = @Content(schema = @Schema(implementation = ReadMarker.class)))
    public ReadMarker markRead(@PathParam("roomId") long roomId, @Valid @NotNull ReadMark body) {
        ReadMarkers.Marker marker = readMarkers.markRead(caller.get(), roomId, body.lastReadId());
        return new ReadMarker(marker.roomId(), marker.lastReadId());
    }

    private static RoomRef parse(String body) {
        try {
            return JSONB.fromJson(body, RoomRef.class);
        } catch (JsonbException malformed) {
            throw ProblemException.badRequest("malformed", "The request body is not valid JSON of the expected shape");
        }
    }

    private static Duration duration(Double minutes) {
        return minutes == null ? null : Duration.ofMillis(Math.round(minutes * 60_000));
    }
}
