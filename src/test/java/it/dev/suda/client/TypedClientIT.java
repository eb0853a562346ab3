package it.dev.suda.client;

import static it.dev.suda.client.SudaClient.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API driven end to end through a typed MicroProfile Rest Client, as an OpenAPI-generated client would. */
class TypedClientIT {

    private final SudaClient api = RestClientBuilder.newBuilder()
            .baseUri(URI.create(Api.BASE))
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(30, TimeUnit.SECONDS)
            .register((jakarta.ws.rs.client.ClientRequestFilter) request ->
                    request.getHeaders().putSingle("X-Forwarded-For", Api.ADDRESS))
            .build(SudaClient.class);

    @AfterEach
    void closeClient() throws Exception {
        api.close();
    }

    private SudaClient.SignedIn newMember() {
        String name = Api.unique("rc");
        SudaClient.User user = api.register(new SudaClient.Registration(name + "@example.test", name, Api.PASSWORD));
        SudaClient.SignedIn session = api.login(new SudaClient.Credentials(name + "@example.test", Api.PASSWORD));
        assertEquals(user.id(), session.user().id());
        return session;
    }

    private static int statusOf(Runnable call) {
        WebApplicationException refused = assertThrows(WebApplicationException.class, call::run);
        Response response = refused.getResponse();
        assertTrue(String.valueOf(response.getMediaType()).startsWith("application/problem+json"),
                "errors are problem JSON, got " + response.getMediaType());
        return response.getStatus();
    }

    @Test
    void aRoomLivesThroughTheTypedClient() {
        SudaClient.SignedIn owner = newMember();
        assertEquals(owner.user().email(), api.me(bearer(owner)).email());

        SudaClient.Room room = api.createRoom(bearer(owner), new SudaClient.RoomName(Api.unique("수다방 🚀 ")));
        assertEquals(owner.user().id(), room.ownerId());
        assertEquals(room.name(), api.room(bearer(owner), room.id()).name());

        SudaClient.SignedIn guest = api.enterAsGuest(new SudaClient.GuestEntry("손님"));
        assertTrue(guest.user().guest());
        assertEquals("손님 (" + Api.ADDRESS_PREFIX + ")", guest.user().display());
        SudaClient.Membership joined = api.join(bearer(guest), new SudaClient.RoomRef(room.id()));
        assertEquals("GUEST", joined.role());

        String clientMsgId = Api.unique("c");
        SudaClient.NewMessage hello = new SudaClient.NewMessage(room.id(), "안녕하세요 👋 <b>bold?</b>", clientMsgId);
        Response first = api.post(bearer(guest), hello);
        Response resend = api.post(bearer(guest), hello);
        assertEquals(201, first.getStatus());
        assertEquals(200, resend.getStatus(), "a resend returns the first message");
        long id = first.readEntity(SudaClient.Message.class).id();
        assertEquals(id, resend.readEntity(SudaClient.Message.class).id());

        List<SudaClient.Message> mine = api.history(bearer(owner), room.id(), null, 200).items().stream()
                .filter(m -> clientMsgId.equals(m.clientMsgId())).toList();
        assertEquals(1, mine.size(), "one message however often it is sent");
        assertEquals("안녕하세요 👋 <b>bold?</b>", mine.get(0).content(), "stored verbatim");
        assertEquals("GUEST", mine.get(0).sender().role());

        assertEquals(403, statusOf(() -> api.renameRoom(bearer(guest), room.id(), new SudaClient.RoomName("mine now"))));

        long guestMembership = api.members(bearer(owner), room.id()).stream()
                .filter(m -> m.userId() == guest.user().id()).findFirst().orElseThrow().id();
        SudaClient.Membership muted = api.mute(bearer(owner), guestMembership, new SudaClient.MuteChange(true, "도배", 1));
        assertTrue(muted.muted());
        assertNotNull(muted.mutedUntil());
        assertEquals(403, statusOf(() -> api.post(bearer(guest),
                new SudaClient.NewMessage(room.id(), "still here?", Api.unique("c")))));

        SudaClient.AuditEntry entry = api.roomAudit(bearer(owner), room.id()).get(0);
        assertEquals("MUTE", entry.action());
        assertEquals("도배", entry.reason());
        assertEquals(guest.user().id(), entry.targetId());
    }

    @Test
    void historyPagesByKeysetUntilNextBeforeIsNull() {
        SudaClient.SignedIn owner = newMember();
        SudaClient.Room room = api.createRoom(bearer(owner), new SudaClient.RoomName(Api.unique("paging ")));
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(0, api.post(bearer(owner), new SudaClient.NewMessage(room.id(), "#" + i, Api.unique("p")))
                    .readEntity(SudaClient.Message.class).id());
        }
        List<Long> paged = new ArrayList<>();
        Long before = null;
        do {
            SudaClient.MessagePage page = api.history(bearer(owner), room.id(), before, 2);
            assertTrue(page.items().size() <= 2);
            page.items().stream().filter(m -> "USER".equals(m.kind())).forEach(m -> paged.add(m.id()));
            before = page.nextBefore();
        } while (before != null);
        assertEquals(sent, paged, "newest first, every message once");
    }

    @Test
    void personalMutesAndSignOutThroughTheTypedClient() {
        SudaClient.SignedIn reader = newMember();
        SudaClient.SignedIn talker = newMember();
        SudaClient.Room room = api.createRoom(bearer(reader), new SudaClient.RoomName(Api.unique("quiet ")));
        api.join(bearer(talker), new SudaClient.RoomRef(room.id()));
        api.post(bearer(talker), new SudaClient.NewMessage(room.id(), "noise", Api.unique("n")));

        api.muteForMe(bearer(reader), talker.user().id());
        assertFalse(api.history(bearer(reader), room.id(), null, 50).items().stream()
                .anyMatch(m -> m.sender().id() == talker.user().id() && "USER".equals(m.kind())));
        api.unmuteForMe(bearer(reader), talker.user().id());
        assertTrue(api.history(bearer(reader), room.id(), null, 50).items().stream()
                .anyMatch(m -> "noise".equals(m.content())));

        assertEquals(400, statusOf(() -> api.register(new SudaClient.Registration("not-an-email", "x", "short"))));
        api.logout(bearer(talker));
        assertEquals(401, statusOf(() -> api.me(bearer(talker))));
    }
}
