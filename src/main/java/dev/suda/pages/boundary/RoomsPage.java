package dev.suda.pages.boundary;

import dev.suda.membership.control.Memberships;
import dev.suda.platform.ProblemException;
import dev.suda.rooms.control.RoomView;
import dev.suda.rooms.control.Rooms;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The room list (name, members, online) and the form that opens a new room. */
@WebServlet("/rooms")
public class RoomsPage extends PageServlet {

    static final int PAGE = 50;

    @Inject
    Rooms rooms;

    @Inject
    Forms forms;

    @Inject
    Memberships memberships;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Optional<Visitor> visitor = visitorOrSignIn(request, response);
        if (visitor.isEmpty()) {
            return;
        }
        show(visitor.get(), request, response);
    }

    /** The list, each room with the viewer's standing in it ({@code standing}: MEMBER opens it, BANNED cannot join). */
    private void show(Visitor visitor, HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String before = request.getParameter("before");
        List<RoomView> page = rooms.list(visitor.caller(), before == null || before.isBlank() ? null : id(before), PAGE);
        request.setAttribute("rooms", page);
        request.setAttribute("standing", memberships.standings(visitor.userId(), page.stream().map(RoomView::id).toList()));
        request.setAttribute("nextBefore", page.size() == PAGE ? page.get(page.size() - 1).id() : null);
        render("rooms", request, response);
    }

    /** Opens a room; its creator becomes the OWNER and lands in it. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Optional<Visitor> visitor = visitorOrSignIn(request, response);
        if (visitor.isEmpty()) {
            return;
        }
        try {
            browser.checkCsrf(request);
            Forms.RoomName form = forms.check(new Forms.RoomName(request.getParameter("name")), texts(request).locale());
            RoomView room = rooms.create(visitor.get().caller(), form.name());
            redirect(request, response, "/rooms/" + room.id());
        } catch (RuntimeException failed) {
            ProblemException refused = refusal(failed);
            response.setStatus(refused.status());
            request.setAttribute("error", refusalText(request, refused));
            show(visitor.get(), request, response);
        }
    }
}
