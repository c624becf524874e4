package io.postbox.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.EmailStore.ApplyEvents;
import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.EmailStore;
import io.postbox.contract.PixelTokens;
import io.postbox.support.Eventually;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §14.2: the pixel server, with a fake store consumer on the event bus. */
class TrackingVerticleTest {
  private static final String SECRET = "tracking-test-secret-0123456789abcdef";
  private static final PixelTokens TOKENS = new PixelTokens(SECRET);
  private static final byte[] GIF = HexFormat.of()
      .parseHex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b");
  private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36";
  private static final Set<String> EVENT_KEYS = Set.of("dedup_key", "type", "source", "occurred_at", "email_id",
      "ses_message_id", "recipient", "bounce_type", "bounce_sub_type", "complaint_feedback_type", "blacklist",
      "machine_user_agent", "details");

  private static Vertx vertx;
  private static WebClient direct;
  private static WebClient behindProxy;
  private static final List<JsonObject> storeMessages = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    vertx.eventBus().<ApplyEvents>consumer(EmailStore.APPLY_EVENTS.address(), message -> {
      storeMessages.add(asJson(message.body()));
      message.reply(null);
    });
    direct = client(deploy(false));
    behindProxy = client(deploy(true));
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @Test
  void aGenuineTokenGetsTheGifAndRecordsOneOpen() {
    Instant before = Instant.now().minusMillis(1);
    HttpResponse<Buffer> response = await(direct.get(pixelPath(1001)).putHeader("User-Agent", BROWSER).send());
    Instant after = Instant.now().plusMillis(1);

    assertIsTheGif(response);
    assertThat(response.body().getBytes()).isEqualTo(GIF);
    JsonObject event = awaitEvent(1001);
    assertThat(event.fieldNames()).isEqualTo(EVENT_KEYS);
    assertThat(event.getString("dedup_key")).matches("[0-9a-f]{64}");
    assertThat(event.getString("type")).isEqualTo("open");
    assertThat(event.getString("source")).isEqualTo("pixel");
    assertThat(event.getString("occurred_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(Instant.parse(event.getString("occurred_at"))).isBetween(before, after);
    assertThat(event.getString("email_id")).isEqualTo("1001");
    for (String absent : List.of("ses_message_id", "recipient", "bounce_type", "bounce_sub_type",
        "complaint_feedback_type")) {
      assertThat(event.containsKey(absent)).isTrue();
      assertThat(event.getValue(absent)).as(absent).isNull();
    }
    assertThat(event.getBoolean("blacklist")).isFalse();
    assertThat(event.getBoolean("machine_user_agent")).isFalse();
    JsonObject details = event.getJsonObject("details");
    assertThat(details.fieldNames()).containsExactlyInAnyOrder("user_agent", "ip_address", "machine", "machine_reason");
    assertThat(details.getString("user_agent")).isEqualTo(BROWSER);
    assertThat(details.getString("ip_address")).isEqualTo("127.0.0.1");
    assertThat(details.getBoolean("machine")).isFalse();
    assertThat(details.getValue("machine_reason")).isNull();

    JsonObject message = messageHolding(1001);
    assertThat(message.getString("source")).isEqualTo("pixel");
    assertThat(message.containsKey("raw_body")).isTrue();
    assertThat(message.getValue("raw_body")).isNull();
    assertThat(message.containsKey("reject_reason")).isTrue();
    assertThat(message.getValue("reject_reason")).isNull();
  }

  @Test
  void aQueryStringDoesNotMatter() {
    assertIsTheGif(await(direct.get(pixelPath(1002) + "?cb=123").putHeader("User-Agent", BROWSER).send()));
    assertThat(awaitEvent(1002).getString("email_id")).isEqualTo("1002");
  }

  @Test
  void anImageProxyIsAMachineOpen() {
    await(direct.get(pixelPath(1003)).putHeader("User-Agent", "Mozilla/5.0 (via ggpht.com GoogleImageProxy)").send());
    JsonObject event = awaitEvent(1003);
    assertThat(event.getBoolean("machine_user_agent")).isTrue();
    assertThat(event.getJsonObject("details").getBoolean("machine")).isTrue();
    assertThat(event.getJsonObject("details").getString("machine_reason")).isEqualTo("user_agent");
  }

  @Test
  void noUserAgentIsAMachineOpen() {
    await(direct.get(pixelPath(1004)).send());
    JsonObject event = awaitEvent(1004);
    assertThat(event.getBoolean("machine_user_agent")).isTrue();
    assertThat(event.getJsonObject("details").getValue("user_agent")).isNull();
  }

  @Test
  void forwardedForIsIgnoredUnlessTrusted() {
    await(direct.get(pixelPath(1005)).putHeader("X-Forwarded-For", "203.0.113.7, 10.0.0.1").send());
    assertThat(awaitEvent(1005).getJsonObject("details").getString("ip_address")).isEqualTo("127.0.0.1");
  }

  @Test
  void theFirstForwardedForHopIsTheClientWhenTrusted() {
    await(behindProxy.get(pixelPath(1006)).putHeader("X-Forwarded-For", " 203.0.113.7 , 10.0.0.1").send());
    assertThat(awaitEvent(1006).getJsonObject("details").getString("ip_address")).isEqualTo("203.0.113.7");
    await(behindProxy.get(pixelPath(1007)).send());
    assertThat(awaitEvent(1007).getJsonObject("details").getString("ip_address")).isEqualTo("127.0.0.1");
  }

  @Test
  void forgedAndMalformedTokensGetTheGifButNoOpen() {
    String forged = new PixelTokens("someone-else-s-secret-0123456789abcdef").tokenFor(1008);
    String genuine = TOKENS.tokenFor(1008);
    String tampered = genuine.substring(0, 31) + (genuine.charAt(31) == 'A' ? 'B' : 'A');
    for (String path : List.of("/t/" + forged + ".gif", "/t/" + tampered + ".gif", "/t/short.gif",
        "/t/" + genuine + "A.gif", "/t/%2F%2F.gif")) {
      HttpResponse<Buffer> response = await(direct.get(path).send());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertIsTheGif(response);
    }
    // opens of one verticle reach the store in arrival order, so this one comes after any wrongly recorded
    await(direct.get(pixelPath(1009)).send());
    awaitEvent(1009);
    assertThat(eventsOf(1008)).isEmpty();
  }

  @Test
  void headGetsTheHeadersWithoutABodyAndCountsAsAnOpen() {
    HttpResponse<Buffer> response = await(direct.request(HttpMethod.HEAD, pixelPath(1010)).send());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("image/gif");
    assertThat(response.getHeader("Content-Length")).isEqualTo("43");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store, no-cache, must-revalidate, private, max-age=0");
    assertThat(response.getHeader("Pragma")).isEqualTo("no-cache");
    assertThat(response.getHeader("Expires")).isEqualTo("0");
    assertThat(response.body() == null || response.body().length() == 0).isTrue();
    assertThat(awaitEvent(1010).getString("type")).isEqualTo("open");
  }

  @Test
  void otherPathsAndMethodsAreNotFound() {
    String token = TOKENS.tokenFor(1011);
    List<HttpResponse<Buffer>> responses = new ArrayList<>();
    for (String path : List.of("/", "/t/", "/t/.gif", "/t/" + token, "/t/" + token + ".png", "/t/a/" + token + ".gif",
        "/x/" + token + ".gif", "/favicon.ico")) {
      responses.add(await(direct.get(path).send()));
    }
    responses.add(await(direct.post("/t/" + token + ".gif").send()));
    responses.add(await(direct.request(HttpMethod.PUT, "/t/" + token + ".gif").send()));
    for (HttpResponse<Buffer> response : responses) {
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body() == null || response.body().length() == 0).isTrue();
    }
    await(direct.get(pixelPath(1012)).send());
    awaitEvent(1012);
    assertThat(eventsOf(1011)).isEmpty();
  }

  @Test
  void aBurstOfHitsReachesTheStoreInFewerMessages() {
    int hits = 300;
    List<Future<HttpResponse<Buffer>>> responses = new ArrayList<>();
    for (int i = 0; i < hits; i++) {
      responses.add(direct.get(pixelPath(20_000 + i)).putHeader("User-Agent", BROWSER).send());
    }
    await(Future.all(responses));
    responses.forEach(response -> assertIsTheGif(response.result()));
    Predicate<JsonObject> burst = event -> Long.parseLong(event.getString("email_id")) >= 20_000
        && Long.parseLong(event.getString("email_id")) < 20_000 + hits;
    Eventually.await(Duration.ofSeconds(10), "all " + hits + " opens of the burst to reach the store",
        () -> events().stream().filter(burst).count() == hits);
    long messagesWithBurst = storeMessages.stream()
        .filter(message -> eventsIn(message).stream().anyMatch(burst))
        .count();
    assertThat(messagesWithBurst).isLessThan(hits);
    // one store message per open, so that the store can reject one open without the others (SPEC §24)
    assertThat(storeMessages.stream().flatMap(body -> body.getJsonArray("messages").stream()))
        .allSatisfy(message -> assertThat(((JsonObject) message).getJsonArray("events")).hasSize(1));
  }

  @Test
  void pixelModeWithAShortSecretDoesNotStart() {
    JsonObject config = new JsonObject().put("tracking", new JsonObject()
        .put("port", freePort()).put("mode", "pixel").put("secret", "too-short"));
    Future<String> deployment = vertx.deployVerticle(new TrackingVerticle(), new DeploymentOptions().setConfig(config));
    awaitQuietly(deployment);
    assertThat(deployment.failed()).isTrue();
  }

  private static void assertIsTheGif(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("image/gif");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store, no-cache, must-revalidate, private, max-age=0");
    assertThat(response.getHeader("Pragma")).isEqualTo("no-cache");
    assertThat(response.getHeader("Expires")).isEqualTo("0");
    assertThat(response.body().getBytes()).isEqualTo(GIF);
  }

  private static int deploy(boolean trustForwardedFor) {
    int port = freePort();
    JsonObject config = new JsonObject().put("tracking", new JsonObject()
        .put("port", port)
        .put("mode", "pixel")
        .put("secret", SECRET)
        .put("baseUrl", "http://localhost:" + port)
        .put("trustForwardedFor", trustForwardedFor));
    await(vertx.deployVerticle(new TrackingVerticle(), new DeploymentOptions().setConfig(config)));
    return port;
  }

  private static WebClient client(int port) {
    return WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setUserAgentEnabled(false),
        new PoolOptions().setHttp1MaxSize(20));
  }

  private static String pixelPath(long emailId) {
    return "/t/" + TOKENS.tokenFor(emailId) + ".gif";
  }

  private static List<JsonObject> events() {
    return storeMessages.stream().flatMap(message -> eventsIn(message).stream()).toList();
  }

  private static List<JsonObject> eventsIn(JsonObject storeMessage) {
    List<JsonObject> events = new ArrayList<>();
    for (Object message : storeMessage.getJsonArray("messages", new JsonArray())) {
      for (Object event : ((JsonObject) message).getJsonArray("events")) {
        events.add((JsonObject) event);
      }
    }
    return events;
  }

  private static List<JsonObject> eventsOf(long emailId) {
    return events().stream().filter(event -> String.valueOf(emailId).equals(event.getString("email_id"))).toList();
  }

  /** The batch in the shape the store stored before it was typed, so that every field can be checked by name. */
  private static JsonObject asJson(ApplyEvents batch) {
    JsonArray messages = new JsonArray();
    for (EventMessage message : batch.messages()) {
      JsonArray events = new JsonArray();
      message.events().forEach(event -> events.add(event.toJson()));
      messages.add(new JsonObject().put("source", message.source()).put("raw_body", message.rawBody())
          .put("reject_reason", message.rejectReason()).put("events", events));
    }
    return new JsonObject().put("messages", messages);
  }

  private static JsonObject awaitEvent(long emailId) {
    Eventually.await(Duration.ofSeconds(10), "an open event of email " + emailId + " to reach the store",
        () -> !eventsOf(emailId).isEmpty());
    List<JsonObject> events = eventsOf(emailId);
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  private static JsonObject messageHolding(long emailId) {
    return storeMessages.stream()
        .flatMap(storeMessage -> storeMessage.getJsonArray("messages").stream().map(JsonObject.class::cast))
        .filter(message -> message.getJsonArray("events").stream().map(JsonObject.class::cast)
            .anyMatch(event -> String.valueOf(emailId).equals(event.getString("email_id"))))
        .findFirst().orElseThrow();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void awaitQuietly(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception expected) {
      // the caller looks at the future
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
