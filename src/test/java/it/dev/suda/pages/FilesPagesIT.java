package it.dev.suda.pages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.suda.Api;
import it.dev.suda.Chat;
import jakarta.json.Json;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/** People share an image and a document through the room page (issue 31). */
class FilesPagesIT {

    @BeforeAll
    static void browserInstalled() {
        Browser.assumeInstalled();
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.PINK);
        g.fillRect(0, 0, 800, 600);
        g.setColor(Color.DARK_GRAY);
        g.fillOval(200, 150, 400, 300);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] pdf() {
        return ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
                + "3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Chooses files with the attach button's file input, as a person picking them in the dialog does. */
    private static void attach(Browser browser, Path... files) {
        WebElement input = browser.driver.findElement(By.id("attach-input"));   // hidden behind the attach button
        browser.script("arguments[0].hidden = false;", input);
        StringBuilder paths = new StringBuilder();
        for (Path file : files) {
            paths.append(paths.length() == 0 ? "" : "\n").append(file.toAbsolutePath());
        }
        input.sendKeys(paths.toString());
    }

    /** The bytes the browser gets for a link, on its own session. */
    private static byte[] fetch(Browser browser, String href) {
        Object base64 = ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.arrayBuffer()).then(b => {"
                        + "  var s = ''; new Uint8Array(b).forEach(x => s += String.fromCharCode(x)); done(btoa(s)); });",
                href);
        return Base64.getDecoder().decode((String) base64);
    }

    @Test
    void oneSharesAnImageAndAPdfAndTheOtherSeesAndDownloadsBoth() throws Exception {
        Api.Session alice = Api.member();
        Api.Session bob = Api.member();
        long roomId = Chat.roomId(alice);
        Chat.join(bob, roomId);
        Path dir = Files.createTempDirectory("suda-files-");
        byte[] image = png();
        byte[] document = pdf();
        Path imageFile = Files.write(dir.resolve("노을.png"), image);
        Path pdfFile = Files.write(dir.resolve("agenda.pdf"), document);
        try (Browser a = new Browser(); Browser b = new Browser()) {
            a.signIn(alice).openRoom(roomId);
            b.signIn(bob).openRoom(roomId);

            attach(a, imageFile, pdfFile);
            a.waitUntil(d -> d.findElements(By.cssSelector("#uploads li.upload.ready")).size() == 2);
            a.screenshot("files-ready");
            a.click("#send-button");

            WebElement thumbnail = b.waitUntil(d -> d.findElements(By.cssSelector("#messages li.msg .attachments img.thumbnail"))
                    .stream().findFirst().orElse(null));
            b.waitUntil(d -> ((Number) b.script("return arguments[0].naturalWidth;", thumbnail)).intValue() == 320);
            WebElement link = b.find("#messages li.msg .attachments a.attachment.file");
            assertTrue(link.getText().contains("agenda.pdf"), link.getText());
            assertTrue(link.getText().contains(document.length + " B"), link.getText());
            b.screenshot("files-shared");

            String imageHref = thumbnail.findElement(By.xpath("./..")).getAttribute("href");
            assertArrayEquals(image, fetch(b, imageHref), "the full-size image is the one uploaded");
            assertArrayEquals(document, fetch(b, link.getAttribute("href")), "the PDF is the one uploaded");

            // after a reload the server-rendered history shows the same files
            b.openRoom(roomId);
            assertEquals(1, b.all("#messages li.msg .attachments img.thumbnail").size());
            assertEquals(1, b.all("#messages li.msg .attachments a.attachment.file").size());
        }
    }

    @Test
    void aMutedPersonsAttachmentIsRefusedWithAClearMessage() throws Exception {
        Api.Session owner = Api.member();
        Api.Session carol = Api.member();
        long roomId = Chat.roomId(owner);
        long carolM = Chat.member(carol, roomId);
        Api.patch("/api/room-users/" + carolM + "/mute", owner.token(),
                Json.createObjectBuilder().add("muted", true).add("reason", "flooding").build());
        Path file = Files.write(Files.createTempDirectory("suda-files-").resolve("cat.png"), png());
        try (Browser c = new Browser("" + Api.BASE, 390, 844)) {
            c.signIn(carol).openRoom(roomId);
            assertTrue(c.find("#attach").isDisplayed(), "the attach button is there at phone width");
            attach(c, file);
            c.waitUntil(d -> !c.find("#send-error").getText().isEmpty());
            String error = c.find("#send-error").getText();
            assertTrue(error.contains("cat.png") && error.contains("muted"), error);
            c.screenshot("files-muted-phone");
            assertEquals(0, c.all("#uploads li.upload.ready").size());
        }
    }

    /**
     * Makes a PNG in the page (a canvas of the given colour), then hands it to the send box as a person would: dropped
     * on it, or pasted into it (a screenshot from the clipboard has no name). Returns the PNG's bytes, in base64.
     */
    private static String dropOrPaste(Browser browser, String how, String colour, String name) {
        return (String) ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "var how = arguments[0], colour = arguments[1], name = arguments[2], done = arguments[arguments.length - 1];"
                        + "var canvas = document.createElement('canvas'); canvas.width = 640; canvas.height = 480;"
                        + "var g = canvas.getContext('2d'); g.fillStyle = colour; g.fillRect(0, 0, 640, 480);"
                        + "g.fillStyle = '#222'; g.fillRect(100, 100, 200, 150);"
                        + "canvas.toBlob(function (blob) {"
                        + "  var file = new File([blob], name, {type: 'image/png'});"
                        + "  var data = new DataTransfer(); data.items.add(file);"
                        + "  var text = document.getElementById('text');"
                        + "  if (how === 'drop') {"
                        + "    text.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));"
                        + "    text.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));"
                        + "  } else {"
                        + "    text.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));"
                        + "  }"
                        + "  blob.arrayBuffer().then(function (b) {"
                        + "    var s = ''; new Uint8Array(b).forEach(function (x) { s += String.fromCharCode(x); }); done(btoa(s)); });"
                        + "}, 'image/png');",
                how, colour, name);
    }

    @Test
    void anImageDroppedOrPastedIntoTheSendBoxIsSharedWithItsThumbnail() throws Exception {
        Api.Session dana = Api.member();
        Api.Session eric = Api.member();
        long roomId = Chat.roomId(dana);
        Chat.join(eric, roomId);
        try (Browser d = new Browser(); Browser e = new Browser()) {
            d.signIn(dana).openRoom(roomId);
            e.signIn(eric).openRoom(roomId);

            byte[] dropped = Base64.getDecoder().decode(dropOrPaste(d, "drop", "#f4a261", "dropped.png"));
            d.waitUntil(x -> x.findElements(By.cssSelector("#uploads li.upload.ready")).size() == 1);
            assertTrue(d.find("#uploads li.upload.ready").getText().contains("dropped.png"), d.find("#uploads").getText());
            byte[] pasted = Base64.getDecoder().decode(dropOrPaste(d, "paste", "#2a9d8f", ""));
            d.waitUntil(x -> x.findElements(By.cssSelector("#uploads li.upload.ready")).size() == 2);
            d.screenshot("files-dropped-and-pasted");
            d.click("#send-button");

            // the other member sees both as thumbnails, and each opens the very image that was dropped or pasted
            e.waitUntil(x -> x.findElements(By.cssSelector("#messages li.msg .attachments img.thumbnail")).size() == 2);
            var thumbnails = e.all("#messages li.msg .attachments img.thumbnail");
            for (WebElement thumbnail : thumbnails) {
                e.waitUntil(x -> ((Number) e.script("return arguments[0].naturalWidth;", thumbnail)).intValue() == 320);
            }
            assertArrayEquals(dropped, fetch(e, thumbnails.get(0).findElement(By.xpath("./..")).getAttribute("href")),
                    "the dropped image");
            assertArrayEquals(pasted, fetch(e, thumbnails.get(1).findElement(By.xpath("./..")).getAttribute("href")),
                    "the pasted image");
            e.screenshot("files-dropped-and-pasted-seen");
            assertEquals(0, d.all("#uploads li.upload").size(), "the send box is empty again");
        }
    }
}
