package io.postbox.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.postbox.support.WebhookReceiver;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 16: the console at /console in headless Chromium (Debian's chromium and chromium-driver, which scripts/test
 * installs), against a whole sandbox node. One user's emails, chart and webhook log are found through the pages;
 * another user's key sees none of them. Screenshots of each page go to target/console-screenshots/.
 */
class ConsoleBrowserTest {
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String HOOK_PATH = "/console-hook";
  // labelled addresses: other tests of the suite put the bare bounce address on the global blacklist
  private static final String LABEL = "console-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String DELIVERED_TO = "success+" + LABEL + "@simulator.amazonses.com";
  private static final String BOUNCED_TO = "bounce+" + LABEL + "@simulator.amazonses.com";
  private static final String CONTRAST_CHECK = resource("console/contrast.js");
  private static final Path DOWNLOADS = Path.of("target", "console-downloads").toAbsolutePath();
  private static final String SUPPRESSED = "jane+" + LABEL + "@example.com";
  private static final List<String> LISTED_BEFORE = IntStream.range(0, 10)
      .mapToObj(index -> "listed" + index + "+" + LABEL + "@example.com").toList();
  private static final String FIRST_TO = "success+first-" + LABEL + "@simulator.amazonses.com";
  private static final String FIRST_CC = "copy+" + LABEL + "@example.com";
  private static final String SECOND_TO = "success+second-" + LABEL + "@simulator.amazonses.com";

  private static TestPostbox postbox;
  private static WebhookReceiver receiver;
  private static CompletableFuture<WebDriver> startingBrowser;
  private static WebDriver browser;
  private static WebDriverWait wait;
  private static String console;
  private static TestUser alice;
  private static TestUser bob;
  private static TestUser carol;
  private static TestUser erinTestKey;
  private static String firstTestId;
  private static String secondTestId;
  private static String deliveredId;
  private static String bouncedId;
  private static String webhookId;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_WEBHOOKS_ALLOW_PRIVATE", "true"));
    // the browser starts while the emails go through the sandbox
    startingBrowser = CompletableFuture.supplyAsync(ConsoleBrowserTest::startChromium);
    console = "http://127.0.0.1:" + postbox.config.getJsonObject("http").getInteger("port") + "/console/";
    alice = postbox.createUser("alice", 100);
    bob = postbox.createUser("bob", 100);
    carol = postbox.createUser("carol", 100);
    for (String address : LISTED_BEFORE) {
      HttpResponse<Buffer> added = TestPostbox.await(postbox.post("/v1/suppressions", carol)
          .sendJsonObject(new JsonObject().put("address", address)));
      assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
    }
    erinTestKey = postbox.withKey(postbox.createUser("erin", 100), "full", "test");
    firstTestId = send(erinTestKey, new JsonObject().put("recipient", FIRST_TO).put("cc", new JsonArray().add(FIRST_CC))
        .put("metadata", new JsonObject().put("order", "A-100").put("customer", "c-1")));
    secondTestId = send(erinTestKey, new JsonObject().put("recipient", SECOND_TO)
        .put("metadata", new JsonObject().put("order", "B-200")));
    receiver = new WebhookReceiver(postbox.vertx);
    HttpResponse<Buffer> webhook = TestPostbox.await(postbox.post("/v1/webhooks", alice).sendJsonObject(new JsonObject()
        .put("url", receiver.url(HOOK_PATH)).put("description", "Console test")
        .put("event_types", new JsonArray().add("email.delivered").add("email.bounced"))));
    assertThat(webhook.statusCode()).as(webhook.bodyAsString()).isEqualTo(201);
    webhookId = webhook.bodyAsJsonObject().getString("id");
    deliveredId = send(alice, DELIVERED_TO);
    bouncedId = send(alice, BOUNCED_TO);
    awaitStatus(deliveredId, "DELIVERED");
    awaitStatus(bouncedId, "BOUNCED");
    assertThat(receiver.await(HOOK_PATH, 2, WAIT.toMillis())).as("webhook requests for both emails").hasSize(2);
    browser = startingBrowser.join();
    wait = new WebDriverWait(browser, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterAll
  static void stop() {
    WebDriver started = startingBrowser == null ? null : startingBrowser.exceptionally(failure -> null).join();
    if (started != null) {
      started.quit();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (postbox != null) {
      postbox.close();
    }
  }

  private static WebDriver startChromium() {
    String chromium = System.getenv().getOrDefault("POSTBOX_TEST_CHROMIUM", "/usr/bin/chromium");
    String driver = System.getenv().getOrDefault("POSTBOX_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
    if (!Files.isExecutable(Path.of(chromium)) || !Files.isExecutable(Path.of(driver))) {
      throw new IllegalStateException("Chromium or chromedriver missing (" + chromium + ", " + driver
          + "): run the tests with scripts/test, which installs Debian's chromium and chromium-driver");
    }
    // a set driver path keeps Selenium Manager from looking for (or downloading) a driver or a browser
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, driver);
    ChromeOptions options = new ChromeOptions().setBinary(chromium)
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1100,900", "--force-device-scale-factor=1", "--lang=en-US");
    options.setCapability(ChromeOptions.LOGGING_PREFS, Map.of(LogType.BROWSER, "ALL"));
    options.setExperimentalOption("prefs", Map.of("download.default_directory", DOWNLOADS.toString(),
        "download.prompt_for_download", false));
    return new ChromeDriver(ChromeDriverService.createDefaultService(), options);
  }

  private static String send(TestUser user, String recipient) {
    return send(user, new JsonObject().put("recipient", recipient));
  }

  private static String send(TestUser user, JsonObject request) {
    HttpResponse<Buffer> response = postbox.send(user, request.copy()
        .put("subject", "Your one-time code").put("body", "<p>Your code is 123456</p>").put("tag", "otp"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject().getString("id");
  }

  private static void awaitStatus(String id, String status) {
    Eventually.await(WAIT, "email " + id + " to be " + status,
        () -> postbox.get(alice, "/v1/transactional/email/" + id).bodyAsJsonObject(),
        email -> status.equals(email.getString("status")));
  }

  /** Refused API calls (401, 404) are logged by the browser as failed loads; anything else is a fault. */
  @AfterEach
  void pageLoggedNoErrors() {
    List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogEntry::getMessage)
        .filter(message -> !message.contains("Failed to load resource: the server responded with a status of 40"))
        .toList();
    assertThat(errors).as("browser console errors (script faults, Content-Security-Policy violations)").isEmpty();
  }

  @Test
  void theConsoleIsServedWithoutAKeyAndWithStrictSecurityHeaders() {
    HttpResponse<Buffer> bare = TestPostbox.await(postbox.http.get("/console").followRedirects(false).send());
    assertThat(bare.statusCode()).isEqualTo(302);
    assertThat(bare.getHeader("Location")).isEqualTo("/console/");

    HttpResponse<Buffer> page = TestPostbox.await(postbox.http.get("/console/").send());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    String policy = page.getHeader("Content-Security-Policy");
    assertThat(policy).contains("default-src 'self'").contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.getHeader("Referrer-Policy")).isEqualTo("no-referrer");

    Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(page.bodyAsString());
    int count = 0;
    while (scripts.find()) {
      count++;
      assertThat(scripts.group(1)).as("no inline script").contains("src=\"/console/");
    }
    assertThat(count).isPositive();
    assertThat(page.bodyAsString()).doesNotContain("http://").doesNotContain("https://").doesNotContain("style=");

    HttpResponse<Buffer> module = TestPostbox.await(postbox.http.get("/console/app.js").send());
    assertThat(module.statusCode()).isEqualTo(200);
    assertThat(module.getHeader("Content-Type")).containsAnyOf("text/javascript", "application/javascript");
    assertThat(TestPostbox.await(postbox.http.get("/console/no-such-file.js").send()).statusCode()).isEqualTo(404);
    assertThat(TestPostbox.await(postbox.http.get("/v1/transactional/email").send()).statusCode())
        .as("data calls still need a key").isEqualTo(401);
  }

  @Test
  void aWrongKeyIsRefusedInTextAndAGoodOneIsKeptInSessionStorageOnly() {
    signOut();
    type(labelledControl("API key"), "nobody_v1_" + "A".repeat(44) + Keys.ENTER);
    WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
    assertThat(problem.getText()).contains("Missing or invalid API key");
    assertThat(script("return sessionStorage.length")).isEqualTo(0L);
    assertTextContrastIsAa();
    screenshot("sign-in");

    signIn(alice);
    assertThat(script("return Object.values(sessionStorage)")).isEqualTo(List.of(alice.apiKey()));
    assertThat(script("return document.cookie")).isEqualTo("");
    assertThat(browser.getCurrentUrl()).doesNotContain(alice.apiKey().substring(0, 12));
  }

  @Test
  void theEmailsPageFindsTheEmailAndItsTimelineShowsDelivered() {
    signIn(alice);
    WebElement row = emailRow(deliveredId);
    assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("DELIVERED");
    assertThat(row.getText()).contains(DELIVERED_TO).contains("otp");
    assertThat(row.findElements(By.cssSelector(".badge-test"))).as("a live key's email").isEmpty();
    assertThat(emailRow(bouncedId).findElement(By.cssSelector(".badge")).getText()).isEqualTo("BOUNCED");
    assertThat(listedEmailIds()).as("newest first").containsExactly(bouncedId, deliveredId);
    assertEveryControlIsLabelled();
    assertTextContrastIsAa();
    screenshot("emails");

    new Select(labelledControl("Status")).selectByVisibleText("BOUNCED");
    labelledControl("Status").submit();
    wait.until(driver -> listedEmailIds().equals(List.of(bouncedId)));
    new Select(labelledControl("Status")).selectByVisibleText("Any status");
    type(labelledControl("Tag"), "no-such-tag" + Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".summary"),
        "No emails match these filters."));
    browser.findElement(By.xpath("//button[normalize-space()='Clear']")).click();
    emailRow(deliveredId).findElement(By.linkText(deliveredId)).click();

    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Email " + deliveredId));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("ol.timeline > li"), 3));
    assertThat(timelineTypes()).containsExactly("accepted", "send", "delivery");
    assertThat(browser.findElement(By.cssSelector("dl.fields .badge")).getText()).isEqualTo("DELIVERED");
    assertThat(browser.findElements(By.cssSelector(".title-marks .badge"))).as("a live key's email").isEmpty();
    assertThat(browser.findElement(By.cssSelector("section[aria-labelledby='email-metadata']")).getText())
        .isEqualTo("Metadata\nNo metadata.");
    assertThat(browser.findElement(By.cssSelector("li.event-delivery")).getText())
        .contains("Delivery").contains(DELIVERED_TO).contains("250 2.6.0 Message received")
        .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC");
    assertTextContrastIsAa();
    screenshot("email");

    browser.get(console + "#/emails/" + bouncedId);
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.event-bounce"), 1));
    JsonObject bounce = postbox.get(alice, "/v1/transactional/email/" + bouncedId + "/events")
        .bodyAsJsonObject().getJsonArray("data").stream().map(JsonObject.class::cast)
        .filter(entry -> "bounce".equals(entry.getString("type"))).findFirst().orElseThrow().getJsonObject("details");
    String reason = browser.findElement(By.cssSelector("li.event-bounce dl.event-reason")).getText();
    assertThat(reason).contains("Bounce type\n" + bounce.getString("bounce_type"))
        .contains("Sub type\n" + bounce.getString("bounce_sub_type"));
    assertThat(bounce.getString("bounce_sub_type")).isEqualTo("General");
    JsonObject email = postbox.get(alice, "/v1/transactional/email/" + bouncedId).bodyAsJsonObject();
    assertThat(browser.findElement(By.cssSelector("dl.fields")).getText())
        .contains("Error code\n" + email.getString("error_code"))
        .contains("Error sub type\n" + email.getString("error_sub_type"));
    screenshot("email-bounced");
  }

  @Test
  void theStatisticsChartShowsTodaysTotalsAndTheRates() {
    signIn(alice);
    browser.get(console + "#/stats");
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    WebElement bar = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("svg.chart g.bar[data-period='" + today + "']")));
    assertThat(bar.getAttribute("data-total")).isEqualTo("2");
    assertThat(bar.findElements(By.cssSelector("rect.series-delivered"))).hasSize(1);
    assertThat(bar.findElements(By.cssSelector("rect.series-bounced"))).hasSize(1);
    assertThat(bar.findElements(By.cssSelector("rect.segment"))).hasSize(2);
    assertThat(browser.findElements(By.cssSelector("svg.chart g.bar"))).hasSize(14);
    assertThat(browser.findElements(By.cssSelector("svg.chart rect.segment"))).as("no other day has emails").hasSize(2);
    assertThat(cell(today, "total")).isEqualTo("2");
    assertThat(cell(today, "DELIVERED")).isEqualTo("1");
    assertThat(cell(today, "BOUNCED")).isEqualTo("1");
    assertThat(rate("total")).isEqualTo("2");
    assertThat(rate("delivery")).isEqualTo("50.0 %");
    assertThat(rate("bounce")).isEqualTo("50.0 %");
    assertThat(rate("complaint")).isEqualTo("0.0 %");
    assertThat(rate("open")).isEqualTo("0.0 %");
    assertEveryControlIsLabelled();
    assertTextContrastIsAa();
    screenshot("stats");

    new Select(labelledControl("Per")).selectByVisibleText("Month");
    labelledControl("Per").submit();
    String month = today.substring(0, 7);
    WebElement monthBar = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("svg.chart g.bar[data-period='" + month + "']")));
    assertThat(monthBar.getAttribute("data-total")).isEqualTo("2");
    assertThat(browser.findElements(By.cssSelector("svg.chart g.bar"))).hasSize(12);
    screenshot("stats-months");
  }

  @Test
  void theWebhooksPageShowsTheDeliveryLogAndReplays() {
    signIn(alice);
    browser.get(console + "#/webhooks");
    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("tr[data-webhook-id='" + webhookId + "']")));
    assertThat(row.getText()).contains(receiver.url(HOOK_PATH)).contains("email.delivered, email.bounced");
    assertTextContrastIsAa();
    screenshot("webhooks");

    row.findElement(By.tagName("a")).click();
    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Webhook " + webhookId));
    List<WebElement> deliveries = wait.until(ExpectedConditions.numberOfElementsToBe(
        By.cssSelector("table.deliveries tbody tr"), 2));
    assertThat(deliveries).extracting(delivery -> delivery.getAttribute("data-event-type"))
        .containsExactlyInAnyOrder("email.delivered", "email.bounced");
    assertThat(deliveries).allSatisfy(delivery ->
        assertThat(delivery.getText()).contains("succeeded").contains("HTTP 200"));
    assertEveryControlIsLabelled();
    assertTextContrastIsAa();
    screenshot("webhook");

    WebElement delivered = browser.findElement(By.cssSelector("tr[data-event-type='email.delivered']"));
    String deliveryId = delivered.getAttribute("data-delivery-id");
    delivered.findElement(By.xpath(".//button[normalize-space()='Replay']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"),
        "Delivery " + deliveryId + " replayed as whd_"));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.deliveries tbody tr"), 3));
    List<WebhookReceiver.Received> requests = receiver.await(HOOK_PATH, 3, WAIT.toMillis());
    assertThat(requests).hasSize(3);
    assertThat(requests.get(2).header("webhook-id")).as("a replay keeps the webhook-id")
        .isIn(requests.get(0).header("webhook-id"), requests.get(1).header("webhook-id"));
  }

  @Test
  void pagingFollowsNextCursorWhenTheListGivesOneAndOffsetOtherwise() {
    browser.get(console);
    Object pages = ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        import('/console/paging.js').then(({ nextPageQuery }) => done([
          nextPageQuery({ tag: 'otp', limit: 2, offset: 4 }, { has_more: true, next_cursor: 'c2', data: [1, 2] }),
          nextPageQuery({ tag: 'otp', limit: 2, offset: 4 }, { has_more: true, data: [1] }),
          nextPageQuery({ tag: 'otp', limit: 2 }, { has_more: false, next_cursor: null, data: [1] }),
        ]), (failure) => done(String(failure)));
        """);
    assertThat(pages).as("next pages").isInstanceOf(List.class);
    List<?> next = (List<?>) pages;
    assertThat(next.get(0)).as("a cursor replaces the offset")
        .isEqualTo(Map.of("tag", "otp", "limit", 2L, "cursor", "c2"));
    assertThat(next.get(1)).as("else the offset moves past the rows shown")
        .isEqualTo(Map.of("tag", "otp", "limit", 2L, "offset", 5L));
    assertThat(next.get(2)).as("no page after the last").isNull();
  }

  @Test
  void everyStatusBadgeHasItsOwnColourAndMeetsAaContrast() {
    signOut();
    Object colours = ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        import('/console/format.js').then(({ LIST_STATUSES, statusBadge, testBadge }) => {
          const badges = [...LIST_STATUSES.map(statusBadge), testBadge({ test: true }), statusBadge('NEW_ONE')];
          document.getElementById('main').append(...badges);
          done(badges.map((badge) => `${badge.textContent} ${getComputedStyle(badge).color}`));
        }, (failure) => done(String(failure)));
        """);
    assertThat(colours).as("badges").isInstanceOf(List.class);
    List<String> badges = strings(colours);
    assertThat(badges).hasSize(11);
    assertThat(badges).extracting(badge -> badge.substring(badge.indexOf(' ')))
        .as("each badge a colour of its own, none the unknown status's").doesNotHaveDuplicates();
    assertThat(badges.get(0)).startsWith("SCHEDULED ");
    assertThat(badges.get(8)).startsWith("CANCELLED ");
    assertTextContrastIsAa();
  }

  @Test
  void anotherUsersKeyShowsNoneOfIt() {
    signIn(bob);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".summary"),
        "No emails match these filters."));
    assertThat(listedEmailIds()).isEmpty();
    assertThat(browser.getPageSource()).doesNotContain(LABEL);

    browser.get(console + "#/emails/" + deliveredId);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=alert]"),
        "Email message with ID " + deliveredId + " not found."));
    assertThat(browser.findElements(By.cssSelector("ol.timeline"))).isEmpty();

    browser.get(console + "#/stats");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.chart")));
    assertThat(rate("total")).isEqualTo("0");
    assertThat(rate("delivery")).isEqualTo("—");
    assertThat(browser.findElements(By.cssSelector("svg.chart rect.segment"))).isEmpty();

    browser.get(console + "#/webhooks");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".summary"),
        "No webhook endpoints yet."));

    browser.get(console + "#/suppressions");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".summary"),
        "No suppressed addresses."));
    assertThat(browser.getPageSource()).doesNotContain(LABEL);
    type(labelledControl("Address to check"), LISTED_BEFORE.get(0) + Keys.ENTER);
    WebElement answer = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".check-answer p")));
    assertThat(answer.getAttribute("data-suppressed")).as("carol's entry is not bob's").isEqualTo("false");
    browser.get(console + "#/webhooks/" + webhookId);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=alert]"),
        "Webhook with ID " + webhookId + " not found."));
  }

  @Test
  void theKeyboardAloneReachesEveryPage() {
    signIn(alice);
    for (String page : List.of("Statistics", "Webhooks", "Suppressions", "Emails")) {
      WebElement link = browser.findElement(By.linkText(page));
      // focus sits on the page heading, after the navigation: go back to it
      tabUntilFocused(link, Keys.chord(Keys.SHIFT, Keys.TAB));
      browser.switchTo().activeElement().sendKeys(Keys.ENTER);
      wait.until(ExpectedConditions.textToBe(By.tagName("h1"), page));
      assertThat(link.getAttribute("aria-current")).isEqualTo("page");
      assertThat(browser.switchTo().activeElement().getTagName()).as("focus moves to the page heading")
          .isEqualTo("h1");
    }
    WebElement emailLink = emailRow(deliveredId).findElement(By.linkText(deliveredId));
    tabUntilFocused(emailLink, Keys.TAB);
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Email " + deliveredId));
  }

  @Test
  void theSuppressionsPageAddsChecksPagesExportsAndRemovesAnAddress() throws IOException {
    signIn(carol);
    browser.findElement(By.linkText("Suppressions")).click();
    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Suppressions"));
    wait.until(driver -> listedAddresses().size() == LISTED_BEFORE.size());

    type(labelledControl("Address to suppress"), "not-an-address" + Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=alert]"),
        "\"address\" must be a valid email"));
    type(labelledControl("Address to suppress"), SUPPRESSED.toUpperCase(Locale.ROOT) + Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".outcome"),
        SUPPRESSED + " is on your suppression list."));
    wait.until(driver -> listedAddresses().size() == LISTED_BEFORE.size() + 1);
    assertThat(listedAddresses().get(0)).as("newest first").isEqualTo(SUPPRESSED);
    assertThat(browser.findElement(By.cssSelector("tr[data-address='" + SUPPRESSED + "']")).getText())
        .contains("manual").contains("added through the API");

    new Select(labelledControl("Per page")).selectByVisibleText("10");
    labelledControl("Per page").submit();
    wait.until(driver -> listedAddresses().size() == 10);
    List<String> firstPage = listedAddresses();
    browser.findElement(By.xpath("//button[normalize-space()='Next page']")).click();
    wait.until(driver -> listedAddresses().size() == 1);
    assertThat(browser.findElement(By.cssSelector(".summary")).getText()).startsWith("Page 2: 1 address");
    List<String> everyAddress = new ArrayList<>(firstPage);
    everyAddress.addAll(listedAddresses());
    assertThat(everyAddress).as("two pages hold the list once").containsExactlyInAnyOrderElementsOf(
        Stream.concat(LISTED_BEFORE.stream(), Stream.of(SUPPRESSED)).toList());
    browser.findElement(By.xpath("//button[normalize-space()='Previous page']")).click();
    wait.until(driver -> listedAddresses().equals(firstPage));

    new Select(labelledControl("Reason")).selectByVisibleText("complaint");
    labelledControl("Reason").submit();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".summary"),
        "No suppressed addresses."));
    new Select(labelledControl("Reason")).selectByVisibleText("manual");
    labelledControl("Reason").submit();
    wait.until(driver -> listedAddresses().equals(firstPage));

    type(labelledControl("Address to check"), SUPPRESSED + Keys.ENTER);
    WebElement checked = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".check-answer p")));
    assertThat(checked.getAttribute("data-suppressed")).isEqualTo("true");
    assertThat(checked.getAttribute("data-scope")).isEqualTo("user");
    assertThat(checked.getText()).contains(SUPPRESSED + " is suppressed: it is on your suppression list");
    assertEveryControlIsLabelled();
    assertTextContrastIsAa();
    screenshot("suppressions");

    Path csv = DOWNLOADS.resolve("suppressions.csv");
    Files.deleteIfExists(csv);
    browser.findElement(By.xpath("//button[normalize-space()='Export CSV']")).click();
    Eventually.await(WAIT, "the export saved as " + csv, () -> Files.isRegularFile(csv));
    List<String> lines = Eventually.await(WAIT, "the whole export in " + csv, () -> readLines(csv),
        read -> read.size() == LISTED_BEFORE.size() + 2);
    assertThat(lines.get(0)).isEqualTo("address,reason,origin,email_id,created_at");
    assertThat(lines.get(1)).startsWith(SUPPRESSED + ",manual,api,,");
    assertThat(browser.getCurrentUrl()).doesNotContain(carol.apiKey().substring(0, 12));

    WebElement remove = browser.findElement(By.cssSelector("button[aria-label='Remove " + SUPPRESSED + "']"));
    remove.click();
    WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open]")));
    assertThat(dialog.getText()).contains("Remove this address?").contains(SUPPRESSED);
    assertTextContrastIsAa();
    screenshot("suppressions-remove");
    dialog.findElement(By.xpath(".//button[normalize-space()='Cancel']")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog[open]")));
    assertThat(listedAddresses()).as("cancelled: nothing removed").contains(SUPPRESSED);
    assertThat(browser.switchTo().activeElement()).as("focus back on the row's button").isEqualTo(remove);

    remove.sendKeys(Keys.ENTER);
    dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open]")));
    dialog.findElement(By.xpath(".//button[normalize-space()='Remove']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".outcome"),
        SUPPRESSED + " was removed from your suppression list."));
    wait.until(driver -> !listedAddresses().contains(SUPPRESSED) && listedAddresses().size() == 10);
    assertThat(postbox.get(carol, "/v1/suppressions/" + SUPPRESSED).statusCode()).isEqualTo(404);
    type(labelledControl("Address to check"), SUPPRESSED + Keys.ENTER);
    wait.until(ExpectedConditions.attributeToBe(By.cssSelector(".check-answer p"), "data-suppressed", "false"));
    assertThat(browser.findElement(By.cssSelector(".check-answer p")).getText())
        .isEqualTo(SUPPRESSED + " is not suppressed.");
  }

  @Test
  void theEmailsPageFiltersByRecipientAndMetadataAndMarksTestEmails() {
    signIn(erinTestKey);
    wait.until(driver -> listedEmailIds().equals(List.of(secondTestId, firstTestId)));
    assertThat(browser.findElements(By.cssSelector("table.emails tbody tr .badge-test")))
        .extracting(WebElement::getText).containsExactly("TEST", "TEST");

    assertThat(new Select(labelledControl("Status")).getOptions()).extracting(WebElement::getText)
        .contains("SCHEDULED", "CANCELLED");
    type(labelledControl("Recipient (to, cc or bcc)"), FIRST_CC.toUpperCase(Locale.ROOT) + Keys.ENTER);
    wait.until(driver -> listedEmailIds().equals(List.of(firstTestId)));
    type(labelledControl("Recipient (to, cc or bcc)"), SECOND_TO + Keys.ENTER);
    wait.until(driver -> listedEmailIds().equals(List.of(secondTestId)));
    type(labelledControl("Recipient (to, cc or bcc)"), "not-an-address" + Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=alert]"),
        "\"recipient\" must be a valid email"));
    labelledControl("Recipient (to, cc or bcc)").clear();

    type(labelledControl("Metadata key"), "order");
    type(labelledControl("Metadata value"), "A-100" + Keys.ENTER);
    wait.until(driver -> listedEmailIds().equals(List.of(firstTestId)));
    assertEveryControlIsLabelled();
    assertTextContrastIsAa();
    screenshot("emails-filtered");
    type(labelledControl("Metadata value"), "B-200" + Keys.ENTER);
    wait.until(driver -> listedEmailIds().equals(List.of(secondTestId)));
    type(labelledControl("Recipient (to, cc or bcc)"), FIRST_CC + Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".summary"),
        "No emails match these filters."));
    labelledControl("Recipient (to, cc or bcc)").clear();
    labelledControl("Metadata value").clear();
    labelledControl("Metadata key").sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=alert]"),
        "Give both a metadata key and a value, or neither."));

    browser.get(console + "#/emails/" + firstTestId);
    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Email " + firstTestId));
    WebElement badge = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".title-marks .badge")));
    assertThat(badge.getText()).isEqualTo("TEST");
    assertThat(browser.findElement(By.cssSelector("dl.metadata dd[data-key='order']")).getText()).isEqualTo("A-100");
    assertThat(browser.findElement(By.cssSelector("dl.metadata dd[data-key='customer']")).getText()).isEqualTo("c-1");
    assertThat(browser.findElement(By.cssSelector("dl.fields")).getText()).contains("Cc\n" + FIRST_CC);
    assertTextContrastIsAa();
    screenshot("email-test");
  }

  private static void tabUntilFocused(WebElement target, CharSequence key) {
    for (int presses = 0; presses < 20 && !target.equals(browser.switchTo().activeElement()); presses++) {
      browser.switchTo().activeElement().sendKeys(key);
    }
    assertThat(browser.switchTo().activeElement()).as("Tab reaches " + target.getText()).isEqualTo(target);
  }

  private static void signOut() {
    browser.get(console);
    script("sessionStorage.clear()");
    browser.navigate().refresh();
    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Sign in"));
  }

  private static void signIn(TestUser user) {
    signOut();
    type(labelledControl("API key"), user.apiKey());
    browser.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
    wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Emails"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".summary")));
  }

  /** The control a visible label names: finding it this way also proves the label is wired to it. */
  private static WebElement labelledControl(String label) {
    WebElement element = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.xpath("//label[normalize-space()='" + label + "']")));
    return browser.findElement(By.id(element.getAttribute("for")));
  }

  private static void type(WebElement input, CharSequence text) {
    input.clear();
    input.sendKeys(text);
  }

  private static WebElement emailRow(String id) {
    return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-email-id='" + id + "']")));
  }

  /** Read in one script, so that a list the page is replacing cannot go stale halfway. */
  private static List<String> listedEmailIds() {
    return strings(script("return [...document.querySelectorAll('table.emails tbody tr')]"
        + ".map(row => row.dataset.emailId)"));
  }

  /** Read in one script, so that a list the page is replacing cannot go stale halfway. */
  private static List<String> listedAddresses() {
    return strings(script("return [...document.querySelectorAll('table.suppressions tbody tr')]"
        + ".map(row => row.dataset.address)"));
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }

  private static List<String> timelineTypes() {
    return strings(script("return [...document.querySelectorAll('ol.timeline > li')]"
        + ".map(entry => entry.dataset.type)"));
  }

  private static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }

  private static String cell(String period, String status) {
    return browser.findElement(By.cssSelector("tr[data-period='" + period + "'] td[data-status='" + status + "']"))
        .getText();
  }

  private static String rate(String name) {
    return browser.findElement(By.cssSelector(".rate[data-rate='" + name + "'] dd")).getText();
  }

  /** WCAG AA text contrast, measured in the page by src/test/resources/console/contrast.js. */
  private static void assertTextContrastIsAa() {
    assertThat(strings(script(CONTRAST_CHECK))).as("texts below WCAG AA contrast").isEmpty();
  }

  private static void assertEveryControlIsLabelled() {
    Object unlabelled = script("return [...document.querySelectorAll('input, select, textarea, button')]"
        + ".filter(control => control.offsetParent !== null)"
        + ".filter(control => control.labels.length === 0 && !control.getAttribute('aria-label')"
        + " && !(control.tagName === 'BUTTON' && control.textContent.trim()))"
        + ".map(control => control.outerHTML)");
    assertThat((List<?>) unlabelled).as("controls without a label").isEmpty();
  }

  private static String resource(String path) {
    try (var in = ConsoleBrowserTest.class.getClassLoader().getResourceAsStream(path)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object script(String code) {
    return ((JavascriptExecutor) browser).executeScript(code);
  }

  private static void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
