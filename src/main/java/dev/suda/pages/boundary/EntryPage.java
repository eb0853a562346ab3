package dev.suda.pages.boundary;

import dev.suda.auth.boundary.ClientAddress;
import dev.suda.auth.control.Authentication;
import dev.suda.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The front door: sign in, register, enter as a guest, and sign out. */
@WebServlet(urlPatterns = {"", "/signin", "/register", "/guest", "/signout"})
public class EntryPage extends PageServlet {

    @Inject
    Authentication authentication;

    @Inject
    Forms forms;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!request.getServletPath().isEmpty() && !request.getServletPath().equals("/")) {
            redirect(request, response, "/");
            return;
        }
        if (browser.visitor(request).isPresent()) {
            redirect(request, response, "/rooms");
            return;
        }
        render("entry", request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String action = request.getServletPath();
        try {
            browser.checkCsrf(request);
            String address = ClientAddress.of(request);
            switch (action) {
                case "/signin" -> {
                    Forms.SignIn form = forms.check(new Forms.SignIn(request.getParameter("email"), request.getParameter("password")), texts(request).locale());
                    browser.signIn(request, authentication.login(form.email(), form.password(), address));
                }
                case "/register" -> {
                    Forms.Registration form = forms.check(new Forms.Registration(request.getParameter("email"),
                            request.getParameter("username"), request.getParameter("password")), texts(request).locale());
                    users.register(form.email(), form.username(), form.password());
                    browser.signIn(request, authentication.login(form.email(), form.password(), address));
                }
                case "/guest" -> {
                    Forms.GuestEntry form = forms.check(new Forms.GuestEntry(request.getParameter("nickname")), texts(request).locale());
                    browser.signIn(request, authentication.enterAsGuest(form.nickname(), address));
                }
                case "/signout" -> {
                    browser.signOut(request);
                    browser.flash(request, texts(request).text("flash.signedOut"));
                    redirect(request, response, "/");
                    return;
                }
                default -> throw ProblemException.notFound("No such page");
            }
            redirect(request, response, "/rooms");
        } catch (RuntimeException failed) {
            ProblemException refused = refusal(failed);
            response.setStatus(refused.status());
            request.setAttribute("error", refusalText(request, refused));
            request.setAttribute("form", action.substring(1));
            render("entry", request, response);
        }
    }
}
