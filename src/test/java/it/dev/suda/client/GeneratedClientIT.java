package it.dev.suda.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.client.api.ApiException;
import it.dev.suda.client.api.AuditApi;
import it.dev.suda.client.api.AuthApi;
import it.dev.suda.client.api.MessagesApi;
import it.dev.suda.client.api.PersonalMutesApi;
import it.dev.suda.client.api.RoomUsersApi;
import it.dev.suda.client.api.RoomsApi;
import it.dev.suda.client.api.UsersApi;
import it.dev.suda.client.model.AuditEntry;
import it.dev.suda.client.model.BanChange;
import it.dev.suda.client.model.GuestEntry;
import it.dev.suda.client.model.Login;
import it.dev.suda.client.model.Membership;
import it.dev.suda.client.model.Message;
import it.dev.suda.client.model.MessagePage;
import it.dev.suda.client.model.NewMessage;
import it.dev.suda.client.model.Problem;
import it.dev.suda.client.model.Registration;
import it.dev.suda.client.model.Role;
import it.dev.suda.client.model.Room;
import it.dev.suda.client.model.RoomName;
import it.dev.suda.client.model.RoomRef;
import it.dev.suda.client.model.Session;
import it.dev.suda.client.model.User;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API driven end to end through the MicroProfile Rest Client that the build generates from openapi/suda.json
 * (target/generated-test-sources/openapi): no hand-written request or JSON here, only the generated interfaces
 * and models, as a client team would use them.
 */
class GeneratedClientIT {

    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
    }

    /** An API as seen without a token. */
    private <T> T anonymous(Class<T> api) {
        return client(api, null);
    }

    /** An API as seen by the signed-in session: its bearer token on every call. */
    private <T> T as(Session session, Class<T> api) {
        return client(api, session.getToken());
    }

    private <T> T client(Class<T> api, String token) {
        T client = RestClientBuilder.newBuilder()
                .baseUri(URI.create(Api.BASE))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(120, TimeUnit.SECONDS) // generous: the test machine is shared and loaded
                .register((ClientRequestFilter) request -> {
                    request.getHeaders().putSingle("X-Forwarded-For", Api.ADDRESS);
                    if (token != null) {
                        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
                    }
                })
                .build(api);
        clients.add((AutoCloseable) client);
        return client;
    }

    private Session newMember() throws ApiException {
        String name = Api.unique("gc");
        User user = anonymous(UsersApi.class).register(new Registration()
                .email(name + "@example.test").username(name).password(Api.PASSWORD));
        Session session = anonymous(AuthApi.class).login(new Login().email(name + "@example.test").password(Api.PASSWORD));
        assertEquals(user.getId(), session.getUser().getId());
        return session;
    }

    /** The site admin the build configures through ADMIN_EMAIL / ADMIN_PASSWORD. */
    private Session siteAdmin() throws ApiException {
        return anonymous(AuthApi.class).login(new Login()
                .email(System.getProperty("suda.admin.email", "admin@suda.test"))
                .password(System.getProperty("suda.admin.password", "admin-password-for-tests")));
    }

    interface Call {
        void run() throws Exception;
    }

    /** The refusal a call gets, as the generated client reports it: an ApiException carrying problem JSON. */
    private static Problem refusal(Call call) {
        ApiException refused = assertThrows(ApiException.class, call::run);
        assertTrue(String.valueOf(refused.getResponse().getMediaType()).startsWith("application/problem+json"),
                "errors are problem JSON, got " + refused.getResponse().getMediaType());
        Problem problem = refused.getResponse().readEntity(Problem.class);
        assertEquals(refused.getResponse().getStatus(), problem.getStatus());
        return problem;
    }

    private static NewMessage message(long roomId, String content, String clientMsgId) {
        return new NewMessage().roomId(roomId).content(content).clientMsgId(clientMsgId);
    }

    @Test
    void aRoomLivesThroughTheGeneratedClient() throws Exception {
        Session owner = newMember();
        assertEquals(owner.getUser().getEmail(), as(owner, AuthApi.class).getCurrentUser().getEmail());

        RoomsApi ownersRooms = as(owner, RoomsApi.class);
        Room room = ownersRooms.createRoom(new RoomName().name(Api.unique("수다방 🚀 ")));
        assertEquals(owner.getUser().getId(), room.getOwnerId());
        assertEquals(room.getName(), ownersRooms.getRoom(room.getId()).getName());
        assertTrue(ownersRooms.listRooms(null, 200).stream().anyMatch(r -> r.getId().equals(room.getId())));

        Session member = newMember();
        Session guest = anonymous(AuthApi.class).enterAsGuest(new GuestEntry().nickname("손님"));
        assertTrue(guest.getUser().getGuest());
        assertEquals("손님 (" + Api.ADDRESS_PREFIX + ")", guest.getUser().getDisplay());
        assertEquals(Role.GUEST, as(guest, RoomUsersApi.class).joinRoom(new RoomRef().roomId(room.getId())).getRole());
        assertEquals(Role.MEMBER, as(member, RoomUsersApi.class).joinRoom(new RoomRef().roomId(room.getId())).getRole());

        MessagesApi guestsMessages = as(guest, MessagesApi.class);
        String clientMsgId = Api.unique("c");
        NewMessage hello = message(room.getId(), "안녕하세요 👋 <b>bold?</b>", clientMsgId);
        Message first = guestsMessages.postMessage(hello);
        Message resent = guestsMessages.postMessage(hello);
        assertEquals(first.getId(), resent.getId(), "a resend with the same clientMsgId returns the first message");

        List<Message> stored = as(owner, MessagesApi.class).listMessages(room.getId(), null, 200).getItems().stream()
                .filter(m -> clientMsgId.equals(m.getClientMsgId())).toList();
        assertEquals(1, stored.size(), "one message however often it is sent");
        assertEquals("안녕하세요 👋 <b>bold?</b>", stored.get(0).getContent(), "stored verbatim");
        assertEquals(guest.getUser().getId(), stored.get(0).getSender().getId());

        assertEquals(403, refusal(() -> as(guest, RoomsApi.class).renameRoom(room.getId(), new RoomName().name("mine now")))
                .getStatus());

        RoomUsersApi ownersMembers = as(owner, RoomUsersApi.class);
        Membership target = ownersMembers.listMembers(room.getId()).stream()
                .filter(m -> m.getUserId().equals(member.getUser().getId())).findFirst().orElseThrow();
        Membership banned = ownersMembers.banMember(target.getId(), new BanChange().banned(true).reason("광고").minutes(60.0));
        assertTrue(banned.getBanned());
        assertNotNull(banned.getBannedUntil());
        assertEquals(403, refusal(() -> as(member, MessagesApi.class)
                .postMessage(message(room.getId(), "still here?", Api.unique("c")))).getStatus());
        assertEquals(403, refusal(() -> as(member, RoomUsersApi.class).joinRoom(new RoomRef().roomId(room.getId())))
                .getStatus());

        AuditEntry ban = ownersRooms.listRoomAudit(room.getId(), null, null).get(0);
        assertEquals("BAN", ban.getAction());
        assertEquals("광고", ban.getReason());
        assertEquals(member.getUser().getId(), ban.getTargetId());
        assertEquals(owner.getUser().getId(), ban.getActorId());
        assertNotNull(ban.getUntil());

        assertTrue(as(siteAdmin(), AuditApi.class).listAudit(null, 200).stream().anyMatch(e -> e.getId().equals(ban.getId())),
                "the site-wide log has the room's ban");
        assertEquals(403, refusal(() -> as(owner, AuditApi.class).listAudit(null, null)).getStatus());
    }

    @Test
    void historyPagesByKeysetUntilNextBeforeIsNull() throws Exception {
        Session owner = newMember();
        Room room = as(owner, RoomsApi.class).createRoom(new RoomName().name(Api.unique("paging ")));
        MessagesApi messages = as(owner, MessagesApi.class);
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(0, messages.postMessage(message(room.getId(), "#" + i, Api.unique("p"))).getId());
        }
        List<Long> paged = new ArrayList<>();
        Long before = null;
        do {
            MessagePage page = messages.listMessages(room.getId(), before, 2);
            assertTrue(page.getItems().size() <= 2);
            page.getItems().stream().filter(m -> "USER".equals(m.getKind())).forEach(m -> paged.add(m.getId()));
            before = page.getNextBefore();
        } while (before != null);
        assertEquals(sent, paged, "newest first, every message once");

        messages.deleteMessage(sent.get(0));
        assertEquals(404, refusal(() -> messages.deleteMessage(sent.get(0))).getStatus(),
                "an operation without a response body still reports its failure as problem JSON");
    }

    @Test
    void personalMutesValidationAndSignOutThroughTheGeneratedClient() throws Exception {
        Session reader = newMember();
        Session talker = newMember();
        Room room = as(reader, RoomsApi.class).createRoom(new RoomName().name(Api.unique("quiet ")));
        as(talker, RoomUsersApi.class).joinRoom(new RoomRef().roomId(room.getId()));
        as(talker, MessagesApi.class).postMessage(message(room.getId(), "noise", Api.unique("n")));

        PersonalMutesApi readersMutes = as(reader, PersonalMutesApi.class);
        MessagesApi readersMessages = as(reader, MessagesApi.class);
        readersMutes.muteForMe(talker.getUser().getId());
        assertEquals(List.of(talker.getUser().getId()), readersMutes.listPersonalMutes().stream().map(User::getId).toList());
        assertFalse(readersMessages.listMessages(room.getId(), null, 50).getItems().stream()
                .anyMatch(m -> "noise".equals(m.getContent())));
        readersMutes.unmuteForMe(talker.getUser().getId());
        assertTrue(readersMessages.listMessages(room.getId(), null, 50).getItems().stream()
                .anyMatch(m -> "noise".equals(m.getContent())));

        Problem invalid = refusal(() -> anonymous(UsersApi.class)
                .register(new Registration().email("not-an-email").username("x").password("short")));
        assertEquals(400, invalid.getStatus());
        assertFalse(invalid.getErrors().isEmpty(), "the fields at fault are named");

        AuthApi talkersAuth = as(talker, AuthApi.class);
        talkersAuth.logout();
        assertEquals(401, refusal(talkersAuth::getCurrentUser).getStatus());
    }
}
