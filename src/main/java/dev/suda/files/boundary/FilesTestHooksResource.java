package dev.suda.files.boundary;

import dev.suda.files.control.FileSweeper;
import dev.suda.files.control.Files;
import dev.suda.platform.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only calls for files, off unless {@code test.hooks} is true (as {@code /api/test-hooks}): where this node
 * stores uploads, what is stored of one file (its row and its bytes, in either store), and the sweep run now with a
 * cut-off time of the test's choosing. Not in /openapi.
 */
@Path("test-hooks/files")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class FilesTestHooksResource {

    @Inject
    Files files;

    @Inject
    FileSweeper sweeper;

    @Inject
    @ConfigProperty(name = "test.hooks", defaultValue = "false")
    boolean enabled;

    public record Swept(int removed) {
    }

    @GET
    @Path("storage")
    @Operation(hidden = true)
    public Files.Storage storage() {
        requireEnabled();
        return files.storage();
    }

    @GET
    @Path("{id}")
    @Operation(hidden = true)
    public Files.Stored stored(@PathParam("id") long id) {
        requireEnabled();
        return files.stored(id);
    }

    /** Sweeps as the schedule does, removing the unsent uploads made before {@code before} (epoch milliseconds). */
    @POST
    @Path("sweep")
    @Operation(hidden = true)
    public Swept sweep(@QueryParam("before") long before) {
        requireEnabled();
        return new Swept(sweeper.sweep(Instant.ofEpochMilli(before)));
    }

    private void requireEnabled() {
        if (!enabled) {
            throw ProblemException.notFound("No such resource");
        }
    }
}
