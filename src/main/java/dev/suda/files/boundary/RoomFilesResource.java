package dev.suda.files.boundary;

import dev.suda.SudaApplication;
import dev.suda.auth.boundary.CurrentCaller;
import dev.suda.files.control.FileView;
import dev.suda.files.control.Files;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("rooms/{roomId}/files")
@Tag(name = "files", description = "Files shared in rooms: upload, then attach to a message; download by members")
public class RoomFilesResource {

    @Inject
    Files files;

    @Inject
    CurrentCaller caller;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = SudaApplication.BEARER)
    @Operation(operationId = "uploadFile", summary = "Upload a file (multipart part \"file\") to a room the caller may post in;"
            + " nobody sees it until a message lists it in attachments")
    @APIResponse(responseCode = "201", description = "Stored", content = @Content(schema = @Schema(implementation = FileView.class)))
    @APIResponse(responseCode = "413", description = "Larger than FILES_MAX_BYTES (too_large), or more than the room's quota"
            + " FILES_ROOM_QUOTA_BYTES leaves room for (room_quota)")
    @APIResponse(responseCode = "415", description = "A type that may not be shared")
    public Response upload(@PathParam("roomId") long roomId, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength, InputStream body) {
        // refused before reading: a body far larger than any file may be (a little is the multipart framing)
        if (contentLength != null && contentLength > files.maxBytes() + 64 * 1024) {
            // and the connection closes, rather than reading a body nobody wants
            return Response.fromResponse(files.tooLarge().toProblem().toResponse()).header("Connection", "close").build();
        }
        FileView stored = files.upload(caller.get(), roomId,
                new MultipartStream(contentType, contentLength == null ? -1 : contentLength, body));
        return Response.created(URI.create(stored.url())).entity(stored).build();
    }

    @GET
    @Path("usage")
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = SudaApplication.BEARER)
    @Operation(operationId = "roomFileUsage", summary = "How much the room's files take, and its quota: room OWNER/ADMIN, site admin")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(schema = @Schema(implementation = Files.Usage.class)))
    public Files.Usage usage(@PathParam("roomId") long roomId) {
        return files.usage(caller.get(), roomId);
    }
}
