package dev.suda.pages.boundary;

import dev.suda.auth.control.Authentication;
import dev.suda.pages.control.CsrfTokens;
import dev.suda.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;

/**
 * A browser's sign-in, kept in its HTTP session (cookie HttpOnly and SameSite=Lax, see server.xml and web.xml).
 * The session is only a holder: the API session behind it is checked on every request, so a sign-out elsewhere,
 * a site ban or an expiry ends the page's sign-in too.
 */
@ApplicationScoped
public class BrowserSessions {

    static final String VISITOR = "suda.visitor";
    static final String CSRF = "suda.csrf";
    static final String FLASH = "suda.flash";

    @Inject
    Authentication authentication;

    public Optional<Visitor> visitor(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(VISITOR) instanceof Visitor visitor)) {
            return Optional.empty();
        }
        if (!authentication.isLive(visitor.caller())) {
            session.removeAttribute(VISITOR);
            return Optional.empty();
        }
        return Optional.of(visitor);
    }

    /** Keeps a fresh sign-in; the session id and the CSRF token change, so nothing from before sign-in carries over. */
    public Visitor signIn(HttpServletRequest request, Authentication.SignedIn signedIn) {
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        Visitor visitor = new Visitor(signedIn.user().getId(), signedIn.issued().sessionId(), signedIn.issued().token(),
                signedIn.user().display(), signedIn.user().isGuest());
        session.setAttribute(VISITOR, visitor);
        session.setAttribute(CSRF, CsrfTokens.create());
        return visitor;
    }

    /** Ends the API session at once (its sockets can no longer be reopened) and forgets the browser's session. */
    public void signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        if (session.getAttribute(VISITOR) instanceof Visitor visitor) {
            authentication.logout(visitor.caller());
        }
        session.invalidate();
    }

    /** The session's CSRF token, made on first use (the sign-in forms need one before anyone is signed in). */
    public String csrf(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        if (!(session.getAttribute(CSRF) instanceof String token)) {
            String created = CsrfTokens.create();
            session.setAttribute(CSRF, created);
            return created;
        }
        return token;
    }

    /** Refuses a state-changing request without the session's CSRF token, in the header or the form. */
    public void checkCsrf(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String expected = session == null ? null : (String) session.getAttribute(CSRF);
        String given = request.getHeader(CsrfTokens.HEADER);
        if (given == null) {
            given = request.getParameter(CsrfTokens.FIELD);
        }
        if (!CsrfTokens.matches(expected, given)) {
            throw ProblemException.forbidden("csrf", "This form has expired; reload the page and try again");
        }
    }

    /** A one-line notice for the next page shown (after a redirect). */
    public void flash(HttpServletRequest request, String text) {
        request.getSession(true).setAttribute(FLASH, text);
    }

    public String takeFlash(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        Object text = session.getAttribute(FLASH);
        session.removeAttribute(FLASH);
        return (String) text;
    }
}
