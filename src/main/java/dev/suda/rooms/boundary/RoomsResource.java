package dev.suda.rooms.boundary;

import dev.suda.auth.boundary.CurrentCaller;
import dev.suda.moderation.control.AuditEntryView;
import dev.suda.rooms.control.RoomView;
import dev.suda.rooms.control.Rooms;
import dev.suda.platform.Problem;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("rooms")
@Tag(name = "rooms", description = "Public rooms: create, list, rename, delete, and each room's moderation log")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RoomsResource {

    @Inject
    Rooms rooms;

    @Inject
    CurrentCaller caller;

    @Schema(name = "RoomName")
    public record RoomName(
            @NotBlank @Size(max = 100) @Pattern(regexp = "^[^\\p{Cc}]+$", message = "must not contain control characters")
            String name) {
    }

    @POST
    @Operation(operationId = "createRoom", summary = "Open a public room; the caller (member or guest) becomes its OWNER")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = RoomView.class)))
    public Response create(@Valid @NotNull RoomName body) {
        RoomView room = rooms.create(caller.get(), body.name());
        return Response.created(UriBuilder.fromPath("/api/rooms/{id}").build(room.id())).entity(room).build();
    }

    @GET
    @Operation(operationId = "listRooms", summary = "Rooms newest first, with member and online counts (keyset: before = the last id seen)",
            description = "In the rooms the caller is a member of, also its unreadCount and mentionCount (at most 100 each:"
                    + " 100 means 100 or more); both are absent in the others.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = RoomView[].class)))
    public List<RoomView> list(@QueryParam("before") Long before,
                               @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Rooms.MAX_PAGE) int limit) {
        return rooms.list(caller.get(), before, limit);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getRoom", summary = "One room; with the caller's unreadCount and mentionCount when it is a member")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = RoomView.class)))
    public RoomView get(@PathParam("id") long id) {
        return rooms.get(caller.get(), id);
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "renameRoom", summary = "Rename a room (its owner)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = RoomView.class)))
    public RoomView rename(@PathParam("id") long id, @Valid @NotNull RoomName body) {
        return rooms.rename(caller.get(), id, body.name());
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteRoom", summary = "Delete a room with its members and messages (its owner or a site admin)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but a failure is problem JSON
    public void delete(@PathParam("id") long id) {
        rooms.delete(caller.get(), id);
    }

    @GET
    @Path("{id}/audit")
    @Operation(operationId = "listRoomAudit", summary = "The room's moderation log, newest first (room OWNER/ADMIN or site admin)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = AuditEntryView[].class)))
    public List<AuditEntryView> audit(@PathParam("id") long id, @QueryParam("before") Long before,
                                      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return rooms.audit(caller.get(), id, before, limit).stream().map(AuditEntryView::of).toList();
    }
}
