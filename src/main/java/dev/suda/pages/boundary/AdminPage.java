package dev.suda.pages.boundary;

import dev.suda.moderation.control.AuditLog;
import dev.suda.moderation.entity.AuditEntry;
import dev.suda.platform.ProblemException;
import dev.suda.users.entity.User;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The site admin's page: users with site bans, and the audit log of every moderation action. */
@WebServlet(urlPatterns = {"/admin", "/admin/*"})
public class AdminPage extends PageServlet {

    static final int PAGE = 50;

    @Inject
    AuditLog audit;

    @Inject
    Forms forms;

    /** An audit entry with the names of the people in it, as the page shows it. */
    public record Entry(long id, Long roomId, String actor, String target, String action, String reason,
                        Instant until, Instant createdAt) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Optional<Visitor> visitor = visitorOrSignIn(request, response);
        if (visitor.isEmpty()) {
            return;
        }
        if (!users.isAdmin(visitor.get().userId())) {
            response.setStatus(403);
            request.setAttribute("error", texts(request).text("error.admin_only"));
            render("error", request, response);
            return;
        }
        List<User> people = users.list(visitor.get().caller(), before(request, "usersBefore"), PAGE);
        List<AuditEntry> entries = audit.all(visitor.get().caller(), before(request, "auditBefore"), PAGE);
        Map<Long, String> names = new HashMap<>();
        entries.stream().flatMap(e -> Stream.of(e.getActorId(), e.getTargetId())).filter(id -> id != null)
                .distinct().forEach(id -> names.put(id, users.find(id).map(User::display).orElse("user " + id)));
        request.setAttribute("users", people);
        request.setAttribute("usersNext", people.size() == PAGE ? people.get(people.size() - 1).getId() : null);
        request.setAttribute("entries", entries.stream().map(e -> new Entry(e.getId(), e.getRoomId(),
                e.getActorId() == null ? "" : names.get(e.getActorId()), e.getTargetId() == null ? "" : names.get(e.getTargetId()),
                e.getAction(), e.getReason(), e.getUntil(), e.getCreatedAt())).toList());
        request.setAttribute("auditNext", entries.size() == PAGE ? entries.get(entries.size() - 1).getId() : null);
        render("admin", request, response);
    }

    private static Long before(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        return value == null || value.isBlank() ? null : id(value);
    }

    /** POST /admin/users/{id}/ban with banned=true|false and a reason. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Optional<Visitor> visitor = visitorOrSignIn(request, response);
        if (visitor.isEmpty()) {
            return;
        }
        try {
            browser.checkCsrf(request);
            String[] parts = request.getPathInfo() == null ? new String[0] : request.getPathInfo().substring(1).split("/");
            if (parts.length != 3 || !parts[0].equals("users") || !parts[2].equals("ban")) {
                throw ProblemException.notFound("No such page");
            }
            String reason = request.getParameter("reason");
            reason = forms.check(new Forms.Reason(reason == null || reason.isBlank() ? null : reason.strip()), texts(request).locale()).reason();
            boolean banned = "true".equals(request.getParameter("banned"));
            User user = users.siteBan(visitor.get().caller(), id(parts[1]), banned, reason);
            browser.flash(request, texts(request).text(banned ? "flash.siteBanned" : "flash.siteUnbanned", user.display()));
        } catch (RuntimeException failed) {
            browser.flash(request, refusalText(request, refusal(failed)));
        }
        redirect(request, response, "/admin");
    }
}
