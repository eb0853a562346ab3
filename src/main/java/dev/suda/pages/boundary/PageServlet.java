package dev.suda.pages.boundary;

import dev.suda.platform.Incidents;
import dev.suda.platform.Outages;
import dev.suda.pages.control.Texts;
import dev.suda.platform.Problem;
import dev.suda.platform.ProblemException;
import dev.suda.users.control.Users;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;

/** What every page shares: the signed-in visitor, rendering a view, answering the page script in JSON. */
public abstract class PageServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(PageServlet.class.getName());
    static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    BrowserSessions browser;

    @Inject
    Users users;

    /** The visitor, or empty after sending the browser to the sign-in page. */
    Optional<Visitor> visitorOrSignIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Visitor> visitor = browser.visitor(request);
        if (visitor.isEmpty()) {
            response.sendRedirect(request.getContextPath() + "/");
        }
        return visitor;
    }

    /** Renders a view under WEB-INF/pages with the visitor, the CSRF token and any notice from the last redirect. */
    void render(String view, HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Visitor visitor = browser.visitor(request).orElse(null);
        request.setAttribute("visitor", visitor);
        request.setAttribute("siteAdmin", visitor != null && users.isAdmin(visitor.userId()));
        request.setAttribute("ctx", request.getContextPath());
        request.setAttribute("csrf", browser.csrf(request));
        request.setAttribute("scriptTexts", texts(request).scriptJson());
        if (request.getAttribute("notice") == null) {
            request.setAttribute("notice", browser.takeFlash(request));
        }
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        request.getRequestDispatcher("/WEB-INF/pages/" + view + ".jsp").forward(request, response);
    }

    /** The words of the language this request is answered in (chosen by {@link LanguageFilter}). */
    static Texts texts(HttpServletRequest request) {
        return LanguageFilter.texts(request);
    }

    /** A page's refusal or fault as the reader's language says it: the text for the problem's code, else its detail. */
    static String refusalText(HttpServletRequest request, ProblemException refused) {
        return texts(request).problem(refused);
    }

    void redirect(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        response.sendRedirect(request.getContextPath() + path);
    }

    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body == null ? "{}" : JSONB.toJson(body));
    }

    static void problem(HttpServletResponse response, ProblemException problem) throws IOException {
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE + ";charset=UTF-8");
        response.getWriter().write(JSONB.toJson(problem.toProblem()));
    }

    /**
     * The refusal a control gave, even when an interceptor or a transaction wrapped it. Anything else is a fault of the
     * server: logged once at SEVERE under a fresh incident reference, as the REST path does ({@link Incidents}), and
     * answered with a 500 whose message names that reference, so that a user's report leads to the log entry.
     */
    static ProblemException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProblemException problem) {
                return problem;
            }
        }
        var outage = Outages.asUnavailable(failure);
        if (outage.isPresent()) {
            return outage.get();
        }
        return ProblemException.fault(Incidents.report(LOG, "A page request failed", failure));
    }

    static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("No such page");
        }
    }
}
