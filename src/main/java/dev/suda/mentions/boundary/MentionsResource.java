package dev.suda.mentions.boundary;

import dev.suda.auth.boundary.CurrentCaller;
import dev.suda.mentions.control.Mentions;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's mentions across rooms. */
@Path("me/mentions")
@Tag(name = "mentions", description = "Messages that mention the caller by @name")
@Produces(MediaType.APPLICATION_JSON)
public class MentionsResource {

    @Inject
    Mentions mentions;

    @Inject
    CurrentCaller caller;

    @JsonbNillable
    @Schema(name = "MentionPage")
    public record MentionPage(List<Mentions.Received> items,
                              @Schema(description = "Pass as ?before= for the next (older) page; null at the end") Long nextBefore) {
    }

    @GET
    @Operation(operationId = "listMyMentions", summary = "Messages that mention the caller, newest first by keyset"
            + " (before = nextBefore of the previous page), in rooms the caller can read now: a member, not banned")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = MentionPage.class)))
    public MentionPage list(@Parameter(description = "Only mentions in messages older than this id") @QueryParam("before") Long before,
                            @Parameter(description = "Page size, at most " + Mentions.MAX_PAGE)
                            @QueryParam("limit") @Min(1) @Max(Mentions.MAX_PAGE) Integer limit) {
        Mentions.Page page = mentions.received(caller.get(), before, limit);
        return new MentionPage(page.items(), page.nextBefore());
    }
}
