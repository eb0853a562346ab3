package dev.suda.platform;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only calls (a fault, the heap, the channels the node hears), off unless the server variable {@code test.hooks} ({@code TEST_HOOKS}) is true, as the build sets
 * it for its test servers; otherwise they answer 404 like any path that does not exist. Not in /openapi.
 */
@Path("test-hooks")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class TestHooksResource {

    @Inject
    TestHooks hooks;

    @Inject
    SharedState state;

    @Inject
    @ConfigProperty(name = "test.hooks", defaultValue = "false")
    boolean enabled;

    public record Heap(long usedAfterGcBytes) {
    }

    /** The channels this node is subscribed to, as the shared state confirmed them. */
    public record Subscriptions(List<String> channels) {
    }

    /** Answers 500 with a problem whose ref names the incident in the log. */
    @POST
    @Path("fault")
    @Operation(hidden = true)
    public void fault() {
        requireEnabled();
        hooks.fault();
    }

    @GET
    @Path("heap")
    @Operation(hidden = true)
    public Heap heap() {
        requireEnabled();
        return new Heap(hooks.heapAfterGc());
    }

    @GET
    @Path("subscriptions")
    @Operation(hidden = true)
    public Subscriptions subscriptions() {
        requireEnabled();
        return new Subscriptions(state.subscribedChannels().stream().sorted().toList());
    }

    private void requireEnabled() {
        if (!enabled) {
            throw ProblemException.notFound("No such resource");
        }
    }
}
