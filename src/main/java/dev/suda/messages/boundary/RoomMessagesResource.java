package dev.suda.messages.boundary;

import dev.suda.auth.boundary.CurrentCaller;
import dev.suda.messages.boundary.MessagesResource.MessagePage;
import dev.suda.messages.control.Messages;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A room's message history, on a path of its own so that no two API paths share a template. */
@Path("rooms/{roomId}/messages")
@Tag(name = "messages")
@Produces(MediaType.APPLICATION_JSON)
public class RoomMessagesResource {

    @Inject
    Messages messages;

    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "listMessages",
            summary = "A room's history newest first, by keyset: before = nextBefore of the previous page")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = MessagePage.class)))
    public MessagePage list(@PathParam("roomId") long roomId,
                            @Parameter(description = "Only messages older than this id") @QueryParam("before") Long before,
                            @Parameter(description = "Page size, at most " + Messages.MAX_PAGE)
                            @QueryParam("limit") @Min(1) @Max(Messages.MAX_PAGE) Integer limit) {
        Messages.Page page = messages.history(caller.get(), roomId, before, limit);
        return new MessagePage(page.items(), page.nextBefore());
    }
}
