package it.dev.suda.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The site admin's page: the audit log, and site bans that end the banned user's sessions and sockets. */
class AdminPageIT {

    @BeforeAll
    static void browserInstalled() {
        Browser.assumeInstalled();
    }

    @Test
    void theAdminReadsTheAuditLogAndBansAUserFromTheSite() {
        Api.Session owner = Api.member();
        Api.Session spammer = Api.member();
        long roomId = Chat.roomId(owner);
        long membership = Chat.member(spammer, roomId);
        String reason = "<b>flooding</b> " + Api.unique("r");
        Api.Reply muted = Api.patch("/api/room-users/" + membership + "/mute", owner.token(),
                Json.createObjectBuilder().add("muted", true).add("reason", reason).build());
        assertEquals(200, muted.status(), muted.body());
        Api.Session admin = Api.admin();
        try (Browser admins = new Browser(); Browser spammers = new Browser()) {
            spammers.signIn(spammer).openRoom(roomId);
            admins.go("/");
            admins.fill("#signin-form input[name=email]", System.getProperty("suda.admin.email", "admin@suda.test"));
            admins.fill("#signin-form input[name=password]", System.getProperty("suda.admin.password", "admin-password-for-tests"));
            admins.click("#signin-form button");
            admins.click("nav a[href='/admin']");
            WebElement entry = admins.waitUntil(d -> d.findElements(By.cssSelector("#audit tbody tr")).stream()
                    .filter(tr -> tr.getText().contains(reason)).findFirst().orElse(null));
            assertTrue(entry.getText().contains("MUTE"), entry.getText());
            assertTrue(entry.getText().contains(owner.display()) && entry.getText().contains(spammer.display()), entry.getText());

            String row = "#users tr[data-user='" + spammer.id() + "']";
            admins.fill(row + " input[name=reason]", "spam everywhere");
            admins.click(row + " button.ban");
            admins.waitForText("#notice", spammer.display() + " is banned from the site.");
            assertTrue(admins.find(row).getText().contains("spam everywhere"));
            admins.screenshot("admin");

            spammers.waitUntil(d -> spammers.find("#banner").getText().equals("You were banned from this room: spam everywhere"));
            assertEquals(401, Api.get("/api/auth/me", spammer.token()).status());
            spammers.go("/rooms");
            spammers.find("#signin-form");

            admins.click(row + " button.unban");
            admins.waitForText("#notice", spammer.display() + " may sign in again.");
            assertEquals(admin.id(), Api.get("/api/auth/me", admin.token()).json().getJsonNumber("id").longValue());
        }
    }

    @Test
    void theAdminPageIsForSiteAdminsOnly() throws Exception {
        Api.Session member = Api.member();
        try (Browser members = new Browser()) {
            members.signIn(member);
            assertTrue(members.all("nav a[href='/admin']").isEmpty());
            members.go("/admin");
            assertEquals("Not allowed", members.find("main h1").getText());
            assertTrue(members.all("#users").isEmpty());
        }
        HttpResponse<String> anonymous = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(Api.BASE + "/admin")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, anonymous.statusCode());
    }
}
