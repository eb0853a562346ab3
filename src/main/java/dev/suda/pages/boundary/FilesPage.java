package dev.suda.pages.boundary;

import dev.suda.auth.control.Caller;
import dev.suda.files.boundary.FileServing;
import dev.suda.files.boundary.MultipartStream;
import dev.suda.files.control.FileStore;
import dev.suda.files.control.Files;
import dev.suda.platform.ProblemException;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Files for the room page, on the browser's session (the page never holds an API token):
 * <pre>
 * POST /files/rooms/{roomId}        multipart part "file", CSRF header: an upload, as POST /api/rooms/{roomId}/files
 * GET  /files/{id}                  a sent file, as GET /api/files/{id}
 * GET  /files/{id}/thumbnail        its thumbnail
 * </pre>
 */
@WebServlet("/files/*")
public class FilesPage extends PageServlet {

    @Inject
    Files files;

    private static String[] parts(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null || path.length() < 2 ? new String[0] : path.substring(1).split("/");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Caller> caller = caller(request, response);
        if (caller.isEmpty()) {
            return;
        }
        try {
            browser.checkCsrf(request);
            String[] parts = parts(request);
            if (parts.length != 2 || !parts[0].equals("rooms")) {
                throw ProblemException.notFound("No such page");
            }
            long contentLength = request.getContentLengthLong();
            if (contentLength > files.maxBytes() + 64 * 1024) {
                response.setHeader("Connection", "close");
                throw files.tooLarge();
            }
            json(response, 201, files.upload(caller.get(), id(parts[1]),
                    new MultipartStream(request.getContentType(), contentLength, request.getInputStream())));
        } catch (RuntimeException failed) {
            answer(response, failed);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Caller> caller = caller(request, response);
        if (caller.isEmpty()) {
            return;
        }
        FileServing.Answer answer;
        try {
            String[] parts = parts(request);
            boolean thumbnail = parts.length == 2 && parts[1].equals("thumbnail");
            if (parts.length != 1 && !thumbnail) {
                throw ProblemException.notFound("No such page");
            }
            FileStore.Variant variant = thumbnail ? FileStore.Variant.THUMBNAIL : FileStore.Variant.ORIGINAL;
            answer = FileServing.answer(files.download(caller.get(), id(parts[0]), variant), variant,
                    request.getHeader("Range"), request.getHeader("If-Range"), request.getHeader("If-None-Match"));
        } catch (RuntimeException failed) {
            answer(response, failed);
            return;
        }
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        if (answer.body() != null) {
            answer.body().writeTo(response.getOutputStream());
        }
    }

    private Optional<Caller> caller(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Visitor> visitor = browser.visitor(request);
        if (visitor.isEmpty()) {
            problem(response, ProblemException.unauthorized("Your session has ended; sign in again"));
        }
        return visitor.map(Visitor::caller);
    }

    private static void answer(HttpServletResponse response, RuntimeException failed) throws IOException {
        ProblemException refused = refusal(failed);
        problem(response, refused);
    }
}
