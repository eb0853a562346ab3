package dev.suda.files.boundary;

import dev.suda.SudaApplication;
import dev.suda.auth.boundary.CurrentCaller;
import dev.suda.files.control.FileStore;
import dev.suda.files.control.Files;
import dev.suda.platform.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Downloads, streamed a chunk at a time; see {@link FileServing} for the headers. */
@Path("files")
@Tag(name = "files")
public class FilesResource {

    @Inject
    Files files;

    @Inject
    CurrentCaller caller;

    @GET
    @Path("{id}")
    @SecurityRequirement(name = SudaApplication.BEARER)
    @Operation(operationId = "downloadFile", summary = "A sent file, to members of its room: strong ETag, Range requests")
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "206", description = "The requested range")
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match)")
    @APIResponse(responseCode = "416", description = "The range lies beyond the file")
    public Response download(@PathParam("id") long id, @HeaderParam("Range") String range,
                             @HeaderParam("If-Range") String ifRange, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return response(FileServing.answer(files.download(caller.get(), id), FileStore.Variant.ORIGINAL, range, ifRange, ifNoneMatch));
    }

    @GET
    @Path("{id}/thumbnail")
    @SecurityRequirement(name = SudaApplication.BEARER)
    @Operation(operationId = "downloadThumbnail", summary = "A sent image's thumbnail (JPEG, longest side 320 px), to members of its room")
    @APIResponse(responseCode = "200", description = "The thumbnail")
    @APIResponse(responseCode = "404", description = "No such file, or no thumbnail of it")
    public Response thumbnail(@PathParam("id") long id, @HeaderParam("Range") String range,
                              @HeaderParam("If-Range") String ifRange, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return response(FileServing.answer(files.download(caller.get(), id, FileStore.Variant.THUMBNAIL),
                FileStore.Variant.THUMBNAIL, range, ifRange, ifNoneMatch));
    }

    private static Response response(FileServing.Answer answer) {
        Response.ResponseBuilder response = answer.status() == 416
                // with a body: a bodiless 416 left Liberty's connection hanging for a client that reused it
                ? Response.fromResponse(Problem.of(416, "range_not_satisfiable", "The range lies beyond the file", null).toResponse())
                : Response.status(answer.status());
        answer.headers().forEach((name, value) -> {
            if (answer.status() != 416 || !name.startsWith("Content-") || name.equals("Content-Range")) {
                response.header(name, value);
            }
        });
        if (answer.body() != null) {
            response.entity((StreamingOutput) out -> answer.body().writeTo(out));
        }
        return response.build();
    }
}
