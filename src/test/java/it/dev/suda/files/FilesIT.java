package it.dev.suda.files;

import static it.dev.suda.Api.member;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import it.dev.suda.Sock;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FilesIT {

    private static final long MAX_BYTES = 10L * 1024 * 1024;
    /** The test servers' room quota (the build sets FILES_ROOM_QUOTA_BYTES small, above MAX_BYTES); else the default. */
    private static final long ROOM_QUOTA = Long.getLong("suda.files.room.quota.bytes", 1024L * 1024 * 1024);

    /** Says which storage the server puts uploads in, and checks it is the one the build chose. */
    @BeforeAll
    static void storage() {
        Api.Reply storage = Api.get("/api/test-hooks/files/storage", null);
        assertEquals(200, storage.status(), "the test server must run with TEST_HOOKS=true (the build sets it): " + storage);
        String kind = storage.json().getString("kind");
        System.out.println("FilesIT runs on file storage " + kind
                + ("DIR".equals(kind) ? " (FILES_DIR " + storage.json().getString("directory") + ")" : " (chunked rows in the database)")
                + "; the build chose: " + System.getProperty("suda.it.files", "?"));
        String chosen = System.getProperty("suda.it.files", "");
        if (chosen.startsWith("directory")) {
            assertEquals("DIR", kind, "the build set FILES_DIR");
        } else if (chosen.equals("database")) {
            assertEquals("DB", kind, "the build left FILES_DIR unset");
        }
    }

    private static boolean none(JsonObject object, String key) {
        return !object.containsKey(key) || object.isNull(key);
    }

    private static JsonObject stored(long fileId) {
        Api.Reply stored = Api.get("/api/test-hooks/files/" + fileId, null);
        assertEquals(200, stored.status(), stored.body());
        return stored.json();
    }

    private static Api.Reply post(Api.Session who, long roomId, String content, long... fileIds) {
        var body = Json.createObjectBuilder().add("roomId", roomId).add("clientMsgId", Api.unique("f"));
        if (content != null) {
            body.add("content", content);
        }
        var ids = Json.createArrayBuilder();
        LongStream.of(fileIds).forEach(ids::add);
        return Api.post("/api/messages", who.token(), body.add("attachments", ids).build());
    }

    @Test
    void aSharedImageAndDocumentReachMembersByteForByte() {
        Api.Session owner = member();
        Api.Session reader = member();
        long room = Chat.roomId(owner);
        Chat.join(reader, room);
        byte[] png = Uploads.image("png", 640, 480);
        byte[] pdf = Uploads.pdf();

        // the type comes from the bytes, whatever the client said
        Uploads.Upload image = Uploads.upload(owner, room, "사진.txt", "text/plain", png);
        assertEquals(201, image.status(), image.body());
        assertEquals("image/png", image.json().getString("contentType"));
        assertEquals(png.length, image.json().getJsonNumber("size").longValue());
        assertEquals("사진.txt", image.json().getString("name"));
        Uploads.Upload doc = Uploads.upload(owner, room, "report.pdf", "application/octet-stream", pdf);
        assertEquals(201, doc.status(), doc.body());
        assertEquals("application/pdf", doc.json().getString("contentType"));

        // nobody sees an upload until a message references it
        assertEquals(404, Uploads.download(reader, "/api/files/" + image.id()).status());
        assertEquals(404, Uploads.download(owner, "/api/files/" + image.id()).status());

        Api.Reply sent = post(owner, room, null, image.id(), doc.id());
        assertEquals(201, sent.status(), sent.body());
        JsonArray attachments = sent.json().getJsonArray("attachments");
        assertEquals(List.of(image.id(), doc.id()), attachments.getValuesAs(JsonObject.class).stream()
                .map(a -> a.getJsonNumber("id").longValue()).toList());
        assertEquals("", sent.json().getString("content"));
        JsonObject inHistory = Chat.history(reader, room, "limit=1").json().getJsonArray("items").getJsonObject(0);
        assertEquals(attachments, inHistory.getJsonArray("attachments"));
        assertEquals("/api/files/" + doc.id(), inHistory.getJsonArray("attachments").getJsonObject(1).getString("url"));

        Uploads.Download gotImage = Uploads.download(reader, "/api/files/" + image.id());
        assertEquals(200, gotImage.status());
        assertArrayEquals(png, gotImage.body());
        assertEquals("image/png", gotImage.header("Content-Type"));
        assertTrue(gotImage.header("Content-Disposition").startsWith("inline;"), gotImage.header("Content-Disposition"));
        assertTrue(gotImage.header("Content-Disposition").contains("filename*=UTF-8''%EC%82%AC%EC%A7%84.txt"));
        assertEquals("nosniff", gotImage.header("X-Content-Type-Options"));
        Uploads.Download gotDoc = Uploads.download(reader, "/api/files/" + doc.id());
        assertArrayEquals(pdf, gotDoc.body());
        assertTrue(gotDoc.header("Content-Disposition").startsWith("attachment;"), gotDoc.header("Content-Disposition"));
    }

    @Test
    void downloadsHaveAStrongETagAndServeRanges() {
        Api.Session owner = member();
        long room = Chat.roomId(owner);
        byte[] bytes = new byte[600 * 1024];   // more than two chunks
        new java.util.Random(7).nextBytes(bytes);
        // random bytes are application/octet-stream: not among the default types
        assertEquals(415, Uploads.upload(owner, room, "noise.bin", "application/zip", bytes).status());
        byte[] zip = zip(bytes);
        Uploads.Upload upload = Uploads.upload(owner, room, "noise.zip", "application/zip", zip);
        assertEquals(201, upload.status(), upload.body());
        assertEquals(201, post(owner, room, "the archive", upload.id()).status());
        String path = "/api/files/" + upload.id();

        Uploads.Download whole = Uploads.download(owner, path);
        assertArrayEquals(zip, whole.body());
        String etag = whole.header("ETag");
        assertNotNull(etag);
        assertTrue(etag.startsWith("\"") && !etag.startsWith("W/"), etag);
        assertEquals("bytes", whole.header("Accept-Ranges"));
        assertEquals(304, Uploads.download(owner, path, "If-None-Match", etag).status());

        int from = 262_000;
        int to = 300_000;   // across the border of two chunks
        Uploads.Download part = Uploads.download(owner, path, "Range", "bytes=" + from + "-" + to);
        assertEquals(206, part.status());
        assertEquals("bytes " + from + "-" + to + "/" + zip.length, part.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(zip, from, to + 1), part.body());
        Uploads.Download tail = Uploads.download(owner, path, "Range", "bytes=-100");
        assertArrayEquals(Arrays.copyOfRange(zip, zip.length - 100, zip.length), tail.body());
        assertEquals(416, Uploads.download(owner, path, "Range", "bytes=" + zip.length + "-").status());
        // a range of an older version (another ETag) gets the whole file
        assertEquals(200, Uploads.download(owner, path, "Range", "bytes=0-9", "If-Range", "\"other\"").status());
    }

    private static byte[] zip(byte[] content) {
        var out = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(out)) {
            zip.setLevel(0);
            zip.putNextEntry(new java.util.zip.ZipEntry("noise.bin"));
            zip.write(content);
            zip.closeEntry();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void markupIsNeverShownInline() {
        Api.Session owner = member();
        long room = Chat.roomId(owner);
        byte[] html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8);
        Uploads.Upload asImage = Uploads.upload(owner, room, "cat.png", "image/png", html);
        assertEquals(415, asImage.status(), asImage.body());
        assertTrue(asImage.body().contains("text/html"), asImage.body());

        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8);
        Uploads.Upload vector = Uploads.upload(owner, room, "logo.svg", "image/svg+xml", svg);
        assertEquals(201, vector.status(), vector.body());
        assertEquals("image/svg+xml", vector.json().getString("contentType"));
        post(owner, room, "a logo", vector.id());
        Uploads.Download got = Uploads.download(owner, "/api/files/" + vector.id());
        assertTrue(got.header("Content-Disposition").startsWith("attachment;"), got.header("Content-Disposition"));
        assertEquals("nosniff", got.header("X-Content-Type-Options"));
        assertTrue(got.header("Content-Security-Policy").contains("sandbox"));
    }

    @Test
    void aFileOverTheLimitIsRefusedWith413() {
        Api.Session owner = member();
        long room = Chat.roomId(owner);
        byte[] png = Uploads.image("png", 16, 16);
        long size = MAX_BYTES + 1;
        // with a Content-Length: refused before the body is read
        Uploads.Upload declared = Uploads.upload(owner, room, "big.png", "image/png", () -> padded(png, size), size);
        assertEquals(413, declared.status(), declared.body());
        assertEquals("too_large", code(declared));
        // chunked, without a length: refused once the stream passes the limit
        Uploads.Upload streamed = Uploads.upload(owner, room, "big.png", "image/png", () -> padded(png, size), -1);
        assertEquals(413, streamed.status(), streamed.body());
        assertEquals("too_large", code(streamed));
        // exactly the limit is fine
        Uploads.Upload fits = Uploads.upload(owner, room, "fits.png", "image/png", () -> padded(png, MAX_BYTES), MAX_BYTES);
        assertEquals(201, fits.status(), fits.body());
        assertEquals(MAX_BYTES, fits.json().getJsonNumber("size").longValue());
    }

    private static String code(Uploads.Upload upload) {
        JsonObject problem = upload.json();
        assertEquals(upload.status(), problem.getInt("status"));
        return problem.getString("code", problem.getString("title", ""));
    }

    /** A PNG followed by zeros up to {@code size} bytes, generated as it is read. */
    private static InputStream padded(byte[] head, long size) {
        return new InputStream() {
            long position;

            @Override
            public int read() {
                if (position >= size) {
                    return -1;
                }
                return position < head.length ? head[(int) position++] & 0xff : (int) (position++ * 0);
            }

            @Override
            public int read(byte[] into, int off, int len) {
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - position);
                for (int i = 0; i < n; i++) {
                    into[off + i] = position < head.length ? head[(int) position] : 0;
                    position++;
                }
                return n;
            }
        };
    }

    @Test
    void mutedBannedAndOutsidersCannotUpload() {
        Api.Session owner = member();
        Api.Session muted = member();
        Api.Session banned = member();
        Api.Session outsider = member();
        long room = Chat.roomId(owner);
        long mutedM = Chat.member(muted, room);
        long bannedM = Chat.member(banned, room);
        Api.patch("/api/room-users/" + mutedM + "/mute", owner.token(),
                Json.createObjectBuilder().add("muted", true).add("reason", "spam").build());
        Api.patch("/api/room-users/" + bannedM + "/ban", owner.token(),
                Json.createObjectBuilder().add("banned", true).add("reason", "spam").build());
        byte[] png = Uploads.image("png", 8, 8);

        Uploads.Upload byMuted = Uploads.upload(muted, room, "a.png", "image/png", png);
        assertEquals(403, byMuted.status(), byMuted.body());
        assertTrue(byMuted.body().contains("muted"), byMuted.body());
        assertEquals(403, Uploads.upload(banned, room, "a.png", "image/png", png).status());
        assertEquals(403, Uploads.upload(outsider, room, "a.png", "image/png", png).status());
        assertEquals(404, Uploads.upload(owner, Long.MAX_VALUE - 1, "a.png", "image/png", png).status());

        // and none of them reads the room's files
        long sent = Uploads.upload(owner, room, "a.png", "image/png", png).id();
        assertEquals(201, post(owner, room, "look", sent).status());
        assertEquals(403, Uploads.download(outsider, "/api/files/" + sent).status());
        assertEquals(403, Uploads.download(banned, "/api/files/" + sent).status());
        assertEquals(200, Uploads.download(muted, "/api/files/" + sent).status());
        assertEquals(401, Uploads.download(null, "/api/files/" + sent).status());
    }

    @Test
    void onlyOnesOwnUnsentUploadsOfTheRoomAttach() {
        Api.Session owner = member();
        Api.Session other = member();
        long room = Chat.roomId(owner);
        long otherRoom = Chat.roomId(owner);
        Chat.join(other, room);
        byte[] png = Uploads.image("png", 8, 8);
        long mine = Uploads.upload(owner, room, "a.png", "image/png", png).id();
        long theirs = Uploads.upload(other, room, "b.png", "image/png", png).id();
        long elsewhere = Uploads.upload(owner, otherRoom, "c.png", "image/png", png).id();

        assertEquals(400, post(owner, room, "x", theirs).status());
        assertEquals(400, post(owner, room, "x", elsewhere).status());
        assertEquals(400, post(owner, room, "x", mine, 999_999_999L).status());
        assertEquals(400, post(owner, room, null).status(), "no text and no files");
        long[] eleven = LongStream.range(0, 11).map(i -> Uploads.upload(owner, room, i + ".png", "image/png", png).id()).toArray();
        assertEquals(400, post(owner, room, "x", eleven).status());
        assertEquals(201, post(owner, room, "ten", Arrays.copyOf(eleven, 10)).status());
        assertEquals(201, post(owner, room, "x", mine).status());
        assertEquals(400, post(owner, room, "again", mine).status(), "a sent file is not sent twice");
    }

    @Test
    void aSocketSendsAttachmentsAndDeletingTheMessageRemovesTheFile() {
        Api.Session owner = member();
        Api.Session author = member();
        long room = Chat.roomId(owner);
        Chat.join(author, room);
        byte[] jpeg = Uploads.image("jpg", 100, 50);
        long fileId = Uploads.upload(author, room, "photo.jpg", "image/jpeg", jpeg).id();
        try (Sock watcher = Sock.joined(room, owner.token()); Sock sender = Sock.joined(room, author.token())) {
            sender.send(Json.createObjectBuilder().add("type", "sendMessage").add("clientMsgId", "pic-1")
                    .add("attachments", Json.createArrayBuilder().add(fileId)).build());
            JsonObject message = watcher.await(f -> Sock.isType(f, "message") && "pic-1".equals(f.getString("clientMsgId", null)), 30);
            JsonObject attachment = message.getJsonArray("attachments").getJsonObject(0);
            assertEquals(fileId, attachment.getJsonNumber("id").longValue());
            assertEquals("image/jpeg", attachment.getString("contentType"));
            assertEquals(200, Uploads.download(owner, "/api/files/" + fileId).status());

            long messageId = message.getJsonNumber("id").longValue();
            assertEquals(204, Api.delete("/api/messages/" + messageId, owner.token()).status());
            watcher.await(f -> Sock.isType(f, "messageDeleted") && f.getJsonNumber("id").longValue() == messageId, 30);
            assertEquals(404, Uploads.download(owner, "/api/files/" + fileId).status());
        }
        boolean audited = Api.get("/api/rooms/" + room + "/audit", owner.token()).array().getValuesAs(JsonObject.class).stream()
                .anyMatch(e -> "MESSAGE_DELETE".equals(e.getString("action")) && e.getJsonNumber("targetId").longValue() == author.id());
        assertTrue(audited);
    }

    @Test
    void deletingTheRoomRemovesItsFiles() {
        Api.Session owner = member();
        long room = Chat.roomId(owner);
        long fileId = Uploads.upload(owner, room, "a.pdf", "application/pdf", Uploads.pdf()).id();
        assertEquals(201, post(owner, room, "doc", fileId).status());
        assertEquals(200, Uploads.download(owner, "/api/files/" + fileId).status());
        assertEquals(204, Api.delete("/api/rooms/" + room, owner.token()).status());
        assertEquals(404, Uploads.download(owner, "/api/files/" + fileId).status());
    }

    @Test
    void imagesGetAThumbnailAndLoseTheirLocation() throws Exception {
        Api.Session owner = member();
        Api.Session reader = member();
        long room = Chat.roomId(owner);
        Chat.join(reader, room);
        byte[] photo = Uploads.jpegWithLocation(1280, 960);
        assertTrue(new String(photo, StandardCharsets.ISO_8859_1).contains("GPSLatitude"));
        Uploads.Upload upload = Uploads.upload(owner, room, "seoul.jpg", "image/jpeg", photo);
        assertEquals(201, upload.status(), upload.body());
        JsonObject file = upload.json();
        assertEquals(1280, file.getInt("width"));
        assertEquals(960, file.getInt("height"));
        assertEquals("/api/files/" + upload.id() + "/thumbnail", file.getString("thumbnailUrl"));
        assertEquals(404, Uploads.download(reader, file.getString("thumbnailUrl")).status(), "not before it is sent");
        assertEquals(201, post(owner, room, "서울", upload.id()).status());

        Uploads.Download original = Uploads.download(reader, "/api/files/" + upload.id());
        String stored = new String(original.body(), StandardCharsets.ISO_8859_1);
        assertTrue(!stored.contains("GPSLatitude") && !stored.contains("Exif"), "the location is stripped");
        assertEquals(file.getJsonNumber("size").longValue(), original.body().length);
        var decoded = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(original.body()));
        assertEquals(1280, decoded.getWidth());

        Uploads.Download thumbnail = Uploads.download(reader, file.getString("thumbnailUrl"));
        assertEquals(200, thumbnail.status());
        assertEquals("image/jpeg", thumbnail.header("Content-Type"));
        var small = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(thumbnail.body()));
        assertEquals(320, small.getWidth());
        assertEquals(240, small.getHeight());

        // a PNG (no Exif to strip) keeps its bytes, and gets a thumbnail too
        byte[] png = Uploads.image("png", 200, 800);
        Uploads.Upload tall = Uploads.upload(owner, room, "tall.png", "image/png", png);
        assertEquals(201, post(owner, room, null, tall.id()).status());
        assertArrayEquals(png, Uploads.download(reader, "/api/files/" + tall.id()).body());
        var tallThumb = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                Uploads.download(reader, "/api/files/" + tall.id() + "/thumbnail").body()));
        assertEquals(320, tallThumb.getHeight());
        // a PDF has none
        Uploads.Upload doc = Uploads.upload(owner, room, "a.pdf", "application/pdf", Uploads.pdf());
        assertTrue(!doc.json().containsKey("thumbnailUrl") || doc.json().isNull("thumbnailUrl"));
    }

    @Test
    void ownersAndAdminsSeeTheRoomsStorage() {
        Api.Session owner = member();
        Api.Session someone = member();
        long room = Chat.roomId(owner);
        Chat.join(someone, room);
        byte[] pdf = Uploads.pdf();
        Uploads.upload(owner, room, "a.pdf", "application/pdf", pdf);
        Uploads.upload(someone, room, "b.pdf", "application/pdf", pdf);
        Api.Reply usage = Api.get("/api/rooms/" + room + "/files/usage", owner.token());
        assertEquals(200, usage.status(), usage.body());
        assertEquals(2, usage.json().getInt("files"));
        assertEquals(2L * pdf.length, usage.json().getJsonNumber("bytes").longValue());
        assertEquals(ROOM_QUOTA, usage.json().getJsonNumber("quotaBytes").longValue());
        assertEquals(403, Api.get("/api/rooms/" + room + "/files/usage", someone.token()).status());
    }

    @Test
    void aFullRoomRefusesUploadsWith413RoomQuota() {
        assertTrue(ROOM_QUOTA <= 2 * MAX_BYTES, "the test server's room quota is " + ROOM_QUOTA + ": too large to fill here");
        Api.Session owner = member();
        long room = Chat.roomId(owner);
        byte[] png = Uploads.image("png", 16, 16);
        long first = ROOM_QUOTA - ROOM_QUOTA / 3;
        long second = ROOM_QUOTA / 2;
        long rest = ROOM_QUOTA - first;

        Uploads.Upload taken = Uploads.upload(owner, room, "first.png", "image/png", () -> padded(png, first), first);
        assertEquals(201, taken.status(), taken.body());
        // too much for what is left: refused once read, and nothing of it stays
        Uploads.Upload over = Uploads.upload(owner, room, "second.png", "image/png", () -> padded(png, second), second);
        assertEquals(413, over.status(), over.body());
        assertEquals("room_quota", code(over));
        assertTrue(over.json().getString("detail").contains(String.valueOf(ROOM_QUOTA)), over.body());
        JsonObject usage = Api.get("/api/rooms/" + room + "/files/usage", owner.token()).json();
        assertEquals(1, usage.getInt("files"));
        assertEquals(first, usage.getJsonNumber("bytes").longValue());
        assertEquals(ROOM_QUOTA, usage.getJsonNumber("quotaBytes").longValue());

        // exactly what is left fits; then the room is full and even a small file is refused before it is read
        Uploads.Upload fills = Uploads.upload(owner, room, "rest.png", "image/png", () -> padded(png, rest), rest);
        assertEquals(201, fills.status(), fills.body());
        assertEquals(ROOM_QUOTA, Api.get("/api/rooms/" + room + "/files/usage", owner.token()).json()
                .getJsonNumber("bytes").longValue());
        Uploads.Upload full = Uploads.upload(owner, room, "tiny.png", "image/png", png);
        assertEquals(413, full.status(), full.body());
        assertEquals("room_quota", code(full));
        // another room is not affected
        assertEquals(201, Uploads.upload(owner, Chat.roomId(owner), "tiny.png", "image/png", png).status());
    }

    @Test
    void theSweepRemovesUnsentUploadsWithTheirBytesAndKeepsSentOnes() throws Exception {
        Api.Session owner = member();
        long room = Chat.roomId(owner);
        byte[] png = Uploads.image("png", 400, 300);
        Uploads.Upload unsent = Uploads.upload(owner, room, "forgotten.png", "image/png", png);
        assertEquals(201, unsent.status(), unsent.body());
        Uploads.Upload sent = Uploads.upload(owner, room, "shared.png", "image/png", png);
        assertEquals(201, post(owner, room, "kept", sent.id()).status());
        // whole seconds apart: MariaDB 10 announces itself as "5.5.5-10.x", so Connector/J sends times without their
        // fraction, and the upload's time and the cut-off may both land on the same second
        Thread.sleep(1_100);
        long cutOff = System.currentTimeMillis();   // the server's clock: the tests run on its machine
        Thread.sleep(1_100);
        Uploads.Upload young = Uploads.upload(owner, room, "just-now.png", "image/png", png);
        assertEquals(201, young.status(), young.body());

        JsonObject before = stored(unsent.id());
        assertTrue(before.getBoolean("row"), before.toString());
        assertEquals(png.length, before.getJsonNumber("originalBytes").longValue(), before.toString());
        assertTrue(before.getJsonNumber("thumbnailBytes").longValue() > 0, before.toString());

        Api.Reply swept = Api.post("/api/test-hooks/files/sweep?before=" + cutOff, null, Json.createObjectBuilder().build());
        assertEquals(200, swept.status(), swept.body());
        assertTrue(swept.json().getInt("removed") >= 1, swept.body());

        // the unsent upload older than the cut-off is gone, bytes and thumbnail too
        JsonObject after = stored(unsent.id());
        assertEquals(false, after.getBoolean("row"), after.toString());
        assertTrue(none(after, "originalBytes") && none(after, "thumbnailBytes"), after.toString());
        assertEquals(400, post(owner, room, "too late", unsent.id()).status());
        // a sent file stays, whatever its age, and so does an upload younger than the cut-off
        JsonObject kept = stored(sent.id());
        assertTrue(kept.getBoolean("row"), kept.toString());
        assertEquals(png.length, kept.getJsonNumber("originalBytes").longValue(), kept.toString());
        assertArrayEquals(png, Uploads.download(owner, "/api/files/" + sent.id()).body());
        assertTrue(stored(young.id()).getBoolean("row"));
        assertEquals(201, post(owner, room, "in time", young.id()).status());
        assertArrayEquals(png, Uploads.download(owner, "/api/files/" + young.id()).body());

        // deleting the message takes the bytes with it (in FILES_DIR at the next sweep)
        long messageId = Chat.history(owner, room, "limit=1").json().getJsonArray("items").getJsonObject(0)
                .getJsonNumber("id").longValue();
        assertEquals(204, Api.delete("/api/messages/" + messageId, owner.token()).status());
        Api.post("/api/test-hooks/files/sweep?before=" + cutOff, null, Json.createObjectBuilder().build());
        JsonObject deleted = stored(young.id());
        assertEquals(false, deleted.getBoolean("row"), deleted.toString());
        assertTrue(none(deleted, "originalBytes") && none(deleted, "thumbnailBytes"), deleted.toString());
    }
}
