package dev.suda.moderation.boundary;

import dev.suda.auth.boundary.CurrentCaller;
import dev.suda.moderation.control.PersonalMutes;
import dev.suda.users.boundary.UserView;
import dev.suda.platform.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's personal mutes: users whose messages it does not want to see. */
@Path("me/mutes")
@Tag(name = "personal mutes", description = "Users the caller has muted for itself only")
@Produces(MediaType.APPLICATION_JSON)
public class PersonalMutesResource {

    @Inject
    PersonalMutes mutes;

    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "listPersonalMutes", summary = "The users the caller has muted for itself")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = UserView[].class)))
    public List<UserView> list() {
        return mutes.list(caller.get()).stream().map(u -> UserView.of(u, false)).toList();
    }

    @PUT
    @Path("{userId}")
    @Operation(operationId = "muteForMe", summary = "Mute a user for the caller only: its messages disappear from the caller's history and live feed")
    @APIResponse(responseCode = "204", description = "Muted")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but a failure is problem JSON
    public void mute(@PathParam("userId") long userId) {
        mutes.mute(caller.get(), userId);
    }

    @DELETE
    @Path("{userId}")
    @Operation(operationId = "unmuteForMe", summary = "Unmute a user for the caller")
    @APIResponse(responseCode = "204", description = "Unmuted")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but a failure is problem JSON
    public void unmute(@PathParam("userId") long userId) {
        mutes.unmute(caller.get(), userId);
    }
}
