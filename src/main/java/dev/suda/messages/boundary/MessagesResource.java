package dev.suda.messages.boundary;

import dev.suda.auth.boundary.CurrentCaller;
import dev.suda.files.control.Files;
import dev.suda.messages.control.MessageContent;
import dev.suda.messages.control.MessageEdits;
import dev.suda.messages.control.MessageView;
import dev.suda.messages.control.Messages;
import dev.suda.platform.Problem;
import dev.suda.platform.ProblemMapper;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("messages")
@Tag(name = "messages", description = "Posting and deleting messages; a room's history is under /rooms/{roomId}/messages")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    @Inject
    Messages messages;

    @Inject
    CurrentCaller caller;

    @Inject
    MessageEdits edits;

    @Schema(name = "NewMessage")
    public record NewMessage(
            @NotNull Long roomId,
            @Schema(description = "1 to 2000 Unicode characters (code points), stored verbatim; may be left out when there are attachments")
            String content,
            @Size(min = 1, max = MessageContent.MAX_CLIENT_ID)
            @Schema(description = "The client's id for this message: a resend with the same id returns the first message")
            String clientMsgId,
            @Size(max = Files.MAX_ATTACHMENTS) @Schema(description = "Ids of the caller's uploads to this room, not sent yet")
            List<@NotNull Long> attachments,
            @Schema(description = "The id of the message of the same room this one answers; the reply carries a quote of it")
            Long replyTo) {
    }

    @JsonbNillable
    @Schema(name = "MessagePage")
    public record MessagePage(List<MessageView> items,
                              @Schema(description = "Pass as ?before= for the next (older) page; null at the end") Long nextBefore) {
    }

    @POST
    @Operation(operationId = "postMessage", summary = "Post a message to a room the caller is a member of (not banned, not muted)")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = MessageView.class)))
    @APIResponse(responseCode = "200", description = "A resend: the message first created with this clientMsgId",
            content = @Content(schema = @Schema(implementation = MessageView.class)))
    public CompletionStage<Response> post(@Valid @NotNull NewMessage body) {
        // The request thread is let go while the message waits for its batch's commit; the response follows it.
        CompletableFuture<Response> response = new CompletableFuture<>();
        messages.postAsync(caller.get(), body.roomId(), body.content(), body.clientMsgId(), body.replyTo(),
                body.attachments()).whenComplete((posted, failure) -> {
            if (failure != null) {
                // mapped here: a failure handed to the runtime is logged as an error even when it is a refusal
                response.complete(ProblemMapper.respond(failure));
            } else if (!posted.created()) {
                response.complete(Response.ok(posted.message()).build());
            } else {
                response.complete(Response.created(UriBuilder.fromPath("/api/rooms/{roomId}/messages").build(posted.message().roomId()))
                        .entity(posted.message()).build());
            }
        });
        return response;
    }

    /** The seed's history path, kept for clients written against it; documented at {@link RoomMessagesResource}. */
    @GET
    @Path("{roomId}")
    @Operation(hidden = true)
    public MessagePage historyAlias(@PathParam("roomId") long roomId, @QueryParam("before") Long before,
                                    @QueryParam("limit") @Min(1) @Max(Messages.MAX_PAGE) Integer limit) {
        Messages.Page page = messages.history(caller.get(), roomId, before, limit);
        return new MessagePage(page.items(), page.nextBefore());
    }

    @Schema(name = "MessageEdit")
    public record MessageEdit(@NotNull @Schema(description = "The new text: 1 to 2000 Unicode characters") String content) {
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "editMessage", summary = "Edit the caller's own message within EDIT_WINDOW_MINUTES of sending it"
            + " (not while banned or muted); the room sees messageEdited, the audit log keeps the earlier text")
    @APIResponse(responseCode = "200", description = "The message as edited", content = @Content(schema = @Schema(implementation = MessageView.class)))
    public MessageView edit(@PathParam("id") long id, @Valid @NotNull MessageEdit body) {
        return edits.edit(caller.get(), messages.roomOf(id), id, body.content());
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteMessage", summary = "Delete a message: its author, a room OWNER/ADMIN above the author, or a site admin")
    @APIResponse(responseCode = "204", description = "Deleted")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body, but a failure is problem JSON
    public void delete(@PathParam("id") long id) {
        messages.delete(caller.get(), id);
    }
}
