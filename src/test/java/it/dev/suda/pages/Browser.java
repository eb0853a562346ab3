package it.dev.suda.pages;

import it.dev.suda.Api;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person at a headless Debian Chromium, driven through the system chromedriver: nothing is downloaded at
 * run time (the driver and browser paths are given, so Selenium Manager never runs). Each browser has its own
 * fresh profile, so its cookies are its own. Without chromium and chromedriver the browser tests are skipped.
 */
final class Browser implements AutoCloseable {

    static final String CHROMEDRIVER = System.getProperty("suda.chromedriver", "/usr/bin/chromedriver");
    static final String CHROMIUM = System.getProperty("suda.chromium", "/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(20);

    final String base;
    final WebDriver driver;
    private final Path profile;

    /** Skips the calling test, saying why, when the browser is not installed. */
    static void assumeInstalled() {
        boolean installed = new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute();
        if (!installed) {
            System.out.println("*** SKIPPING BROWSER TESTS: " + CHROMEDRIVER + " or " + CHROMIUM
                    + " is missing (apt-get install -y chromium chromium-driver) ***");
        }
        Assumptions.assumeTrue(installed, "chromium and chromedriver are not installed");
    }

    Browser() {
        this(Api.BASE, 1280, 900);
    }

    Browser(String base, int width, int height) {
        this(base, width, height, List.of());
    }

    /** A browser started with extra Chromium switches (a fake microphone for the voice tests). */
    Browser(String base, int width, int height, List<String> switches) {
        this(base, width, height, switches, Map.of(), Map.of());
    }

    /**
     * A browser of a person somewhere: its languages ({@code intl.accept_languages}, which sets Accept-Language and
     * navigator.languages, e.g. "ko-KR,ko") and its time zone (TZ for the browser process, e.g. "Asia/Seoul").
     */
    static Browser of(String languages, String timeZone, int width, int height) {
        String language = languages.split(",")[0];
        return new Browser(Api.BASE, width, height, List.of("--lang=" + language),
                Map.of("intl.accept_languages", languages), Map.of("TZ", timeZone));
    }

    Browser(String base, int width, int height, List<String> switches, Map<String, Object> prefs, Map<String, String> environment) {
        assumeInstalled();
        this.base = base;
        try {
            profile = Files.createTempDirectory("suda-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        options.addArguments(switches);
        if (!prefs.isEmpty()) {
            options.setExperimentalOption("prefs", prefs);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().withEnvironment(environment).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    WebElement find(String css) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Waits until an element shows this text. After a form posts, the old page's element of the same id can be found
     * before the next page has loaded, and reading it then fails as stale or shows the old text.
     */
    void waitForText(String css, String text) {
        waitUntil(ExpectedConditions.textToBe(By.cssSelector(css), text));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    <T> T waitUntil(Function<WebDriver, T> condition) {
        // The page rebuilds lists as the room changes; an element read mid-rebuild is simply read again.
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    Browser fill(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    /** Sets a field's value directly: for text ChromeDriver cannot type, such as emoji outside the BMP. */
    Browser set(String css, String text) {
        script("arguments[0].value = arguments[1]", find(css), text);
        return this;
    }

    /** Clicks an element once it can be clicked; if the page rebuilt it meanwhile, the new one is clicked. */
    void click(String css) {
        waitUntil(d -> {
            WebElement element = d.findElement(By.cssSelector(css));
            if (!element.isDisplayed() || !element.isEnabled()) {
                return null;
            }
            element.click();
            return true;
        });
    }

    // ---- what people do ----

    /** Signs in through the sign-in form as a member made for the test; returns to the room list. */
    Browser signIn(Api.Session member) {
        go("/");
        fill("#signin-form input[name=email]", member.email());
        fill("#signin-form input[name=password]", Api.PASSWORD);
        click("#signin-form button");
        find("#create-room");
        return this;
    }

    Browser enterAsGuest(String nickname) {
        go("/");
        fill("#guest-form input[name=nickname]", nickname);
        click("#guest-form button");
        find("#create-room");
        return this;
    }

    /** Joins a room from the room list and waits until its socket is live. */
    Browser join(long roomId) {
        go("/rooms");
        click("li.room-item[data-room='" + roomId + "'] button.join");
        return awaitLive();
    }

    Browser openRoom(long roomId) {
        go("/rooms/" + roomId);
        return awaitLive();
    }

    Browser awaitLive() {
        waitUntil(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "live"));
        return this;
    }

    long myId() {
        return Long.parseLong(find("#room").getAttribute("data-me"));
    }

    void say(String text) {
        set("#text", text);
        click("#send-button");
    }

    /** Waits for a message with exactly this text to be shown, and returns its list item. */
    WebElement awaitMessage(String text) {
        return waitUntil(d -> d.findElements(By.cssSelector("#messages li.msg[data-id]")).stream()
                .filter(li -> li.findElements(By.cssSelector(".text")).stream().anyMatch(t -> t.getText().equals(text)))
                .findFirst().orElse(null));
    }

    /** The texts of the stored messages shown, in page order. */
    @SuppressWarnings("unchecked")
    List<String> texts() {
        return (List<String>) script("return Array.from(document.querySelectorAll('#messages li.msg[data-id]:not(.system) .text'),"
                + " t => t.textContent);");
    }

    /** The ids of every stored message shown (system ones too), in page order. */
    @SuppressWarnings("unchecked")
    List<Long> ids() {
        return ((List<Object>) script("return Array.from(document.querySelectorAll('#messages li.msg[data-id]'), li => Number(li.dataset.id));"))
                .stream().map(n -> ((Number) n).longValue()).toList();
    }

    /** Clicks a member action (kick, ban, mute, ...) and confirms its dialog with a reason and minutes. */
    void moderate(long userId, String act, String reason, String minutes) {
        click("#members li.member[data-user='" + userId + "'] button[data-act='" + act + "']");
        find("#act-dialog");
        if (reason != null) {
            fill("#act-reason", reason);
        }
        if (minutes != null) {
            fill("#act-minutes", minutes);
        }
        click("#act-ok");
        waitUntil(d -> !d.findElement(By.id("act-dialog")).isDisplayed());
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp profile left behind is harmless
            }
        }
    }
}
