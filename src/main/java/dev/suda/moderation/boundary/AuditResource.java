package dev.suda.moderation.boundary;

import dev.suda.auth.boundary.CurrentCaller;
import dev.suda.moderation.control.AuditEntryView;
import dev.suda.moderation.control.AuditLog;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("audit")
@Tag(name = "audit", description = "The site-wide moderation log (site admins)")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditLog audit;

    @Inject
    CurrentCaller caller;

    @GET
    @Operation(operationId = "listAudit", summary = "Every moderation action on the site, newest first (site admins)")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = AuditEntryView[].class)))
    public List<AuditEntryView> all(@QueryParam("before") Long before,
                                    @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(AuditLog.MAX_PAGE) int limit) {
        return audit.all(caller.get(), before, limit).stream().map(AuditEntryView::of).toList();
    }
}
