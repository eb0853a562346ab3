package dev.suda.pages.boundary;

import dev.suda.platform.ProblemException;
import dev.suda.platform.TestHooks;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The page side of the test hooks ({@code /test-hooks/fault}): a server fault met on a page path, answered as the
 * pages answer their scripts. Off, like {@code /api/test-hooks}, unless {@code test.hooks} is true.
 */
@WebServlet("/test-hooks/*")
public class TestHooksPage extends PageServlet {

    @Inject
    TestHooks hooks;

    @Inject
    @ConfigProperty(name = "test.hooks", defaultValue = "false")
    boolean enabled;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!enabled || !"/fault".equals(request.getPathInfo())) {
            problem(response, ProblemException.notFound("No such page"));
            return;
        }
        try {
            hooks.fault();
        } catch (RuntimeException failed) {
            problem(response, refusal(failed));
        }
    }
}
