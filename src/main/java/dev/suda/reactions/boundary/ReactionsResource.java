package dev.suda.reactions.boundary;

import dev.suda.SudaApplication;
import dev.suda.auth.boundary.CurrentCaller;
import dev.suda.messages.control.Messages;
import dev.suda.reactions.control.ReactionCount;
import dev.suda.reactions.control.Reactions;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's reactions on a message; the emoji goes in the path, percent-encoded (UTF-8). */
@Path("messages/{id}/reactions")
@Tag(name = "reactions", description = "Emoji reactions on messages")
@Produces(MediaType.APPLICATION_JSON)
public class ReactionsResource {

    @Inject
    Reactions reactions;

    @Inject
    Messages messages;

    @Inject
    CurrentCaller caller;

    @Schema(name = "MessageReactions")
    public record MessageReactions(long messageId, List<ReactionCount> reactions) {
    }

    @PUT
    @Path("{emoji}")
    @SecurityRequirement(name = SudaApplication.BEARER)
    @Operation(operationId = "addReaction", summary = "React to a message with an emoji (once per user per emoji; "
            + "at most 20 different emoji a message; not while banned or muted)")
    @APIResponse(responseCode = "200", description = "The message's reactions now",
            content = @Content(schema = @Schema(implementation = MessageReactions.class)))
    public MessageReactions add(@PathParam("id") long id,
                                @Parameter(description = "One emoji, percent-encoded") @PathParam("emoji") String emoji) {
        return new MessageReactions(id, reactions.react(caller.get(), messages.roomOf(id), id, emoji, true));
    }

    @DELETE
    @Path("{emoji}")
    @SecurityRequirement(name = SudaApplication.BEARER)
    @Operation(operationId = "removeReaction", summary = "Take back the caller's reaction with this emoji")
    @APIResponse(responseCode = "200", description = "The message's reactions now",
            content = @Content(schema = @Schema(implementation = MessageReactions.class)))
    public MessageReactions remove(@PathParam("id") long id,
                                   @Parameter(description = "One emoji, percent-encoded") @PathParam("emoji") String emoji) {
        return new MessageReactions(id, reactions.react(caller.get(), messages.roomOf(id), id, emoji, false));
    }
}
