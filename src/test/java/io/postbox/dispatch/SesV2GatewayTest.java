package io.postbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sesv2.SesV2AsyncClient;

/** SPEC §10 against a scripted SES v2 endpoint that speaks SendEmail the way SES does (REST-JSON). */
class SesV2GatewayTest {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAPOSTBOXTEST", "postbox-test-secret"));
  private static final byte[] RAW = "From: a@example.gov\r\nTo: b@example.com\r\nSubject: Hi\r\n\r\n<p>x</p>\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  private static Vertx vertx;
  /** An SDK client waits out its event loops' quiet period on close; the tests need not wait for that one by one. */
  private static final List<CompletableFuture<Void>> closingClients = new CopyOnWriteArrayList<>();
  private final AtomicInteger slotsTaken = new AtomicInteger();
  private FakeSes fakeSes;
  private SesV2AsyncClient client;
  private SesV2Gateway gateway;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    CompletableFuture.allOf(closingClients.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
    await(vertx.close());
  }

  /** A fake of its own for every test, so a late request of one test (a hanging one's retry) cannot reach another. */
  @BeforeEach
  void startFakeSes() {
    fakeSes = FakeSes.listening(vertx);
    client = sesClient("http://127.0.0.1:" + fakeSes.port());
    LocalSendSlots slots = new LocalSendSlots(vertx, 14);
    gateway = gatewayOn(client, maxWait -> {
      slotsTaken.incrementAndGet();
      return slots.acquire(maxWait);
    });
  }

  @AfterEach
  void stopFakeSes() {
    SesV2AsyncClient closing = client;
    closingClients.add(CompletableFuture.runAsync(closing::close));
    await(fakeSes.close());
  }

  @Test
  void sendsTheRawMessageWithTheEmailIdTagAndTheConfigurationSet() {
    fakeSes.script.add(Reply.success("0100018f-ses-message-id"));

    Outcome outcome = send("1234567890");

    assertThat(outcome.messageId()).isEqualTo("0100018f-ses-message-id");
    assertThat(outcome.completedOnCallerContext()).isTrue();
    JsonObject request = single(fakeSes.requests);
    assertThat(Base64.getDecoder().decode(request.getJsonObject("Content").getJsonObject("Raw").getString("Data")))
        .isEqualTo(RAW);
    assertThat(request.getJsonArray("EmailTags"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("Name", "postbox_email_id").put("Value", "1234567890")));
    assertThat(request.getString("ConfigurationSetName")).isEqualTo("postbox-tracking");
    assertThat(request.containsKey("Destination")).isFalse();
    assertThat(slotsTaken).hasValue(1);
  }

  @Test
  void throttlingIsRetriedAfterABackoffAndEachAttemptTakesASlot() {
    fakeSes.script.add(Reply.error(429, "TooManyRequestsException", "Too many requests"));
    fakeSes.script.add(Reply.success("after-throttling"));

    Outcome outcome = send("1");

    assertThat(outcome.messageId()).isEqualTo("after-throttling");
    assertThat(fakeSes.requests).hasSize(2);
    assertThat(outcome.elapsedMillis()).isGreaterThanOrEqualTo(200);
    assertThat(slotsTaken).hasValue(2);
  }

  @Test
  void maximumSendingRateExceededIsRetriedWhateverItsName() {
    fakeSes.script.add(Reply.error(400, "Throttling", "Maximum sending rate exceeded."));
    fakeSes.script.add(Reply.success("after-rate"));

    assertThat(send("1").messageId()).isEqualTo("after-rate");
    assertThat(fakeSes.requests).hasSize(2);
  }

  @Test
  void serverErrorsAreRetriedThreeTimesWithinTheBudgetThenProviderUnavailable() {
    for (int i = 0; i < 3; i++) {
      fakeSes.script.add(Reply.error(500, "InternalFailure", "Internal failure"));
    }
    fakeSes.script.add(Reply.success("never-reached"));

    Outcome outcome = send("1");

    assertThat(outcome.failure().errorCode()).isEqualTo("Provider unavailable");
    assertThat(outcome.failure().errorSubType()).isEqualTo("InternalFailure");
    assertThat(outcome.failure().retryAfterSeconds()).isEqualTo(5);
    assertThat(outcome.failure().apiError().status()).isEqualTo(503);
    assertThat(outcome.completedOnCallerContext()).isTrue();
    assertThat(fakeSes.requests).hasSize(3);
    assertThat(slotsTaken).hasValue(3);
    // two backoffs: 200–400 ms, then 400–800 ms
    assertThat(outcome.elapsedMillis()).isBetween(600L, 5_000L);
  }

  @Test
  void aServerErrorWithoutANameIsNamedByItsStatus() {
    for (int i = 0; i < 3; i++) {
      fakeSes.script.add(Reply.error(503, null, "Service unavailable"));
    }

    Outcome outcome = send("1");

    assertThat(outcome.failure().errorCode()).isEqualTo("Provider unavailable");
    assertThat(outcome.failure().errorSubType()).isEqualTo("HTTP503");
    assertThat(fakeSes.requests).hasSize(3);
  }

  @Test
  void messageRejectedIsProviderRejectedAndNotRetried() {
    fakeSes.script.add(Reply.error(400, "MessageRejected", "Email address is not verified."));
    fakeSes.script.add(Reply.success("never-reached"));

    Outcome outcome = send("1");

    assertThat(outcome.failure().errorCode()).isEqualTo("Provider rejected");
    assertThat(outcome.failure().errorSubType()).isEqualTo("MessageRejected");
    assertThat(outcome.failure().apiError().status()).isEqualTo(502);
    assertThat(outcome.failure().apiError().code()).isEqualTo("provider_error");
    assertThat(fakeSes.requests).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource({
      "400, MailFromDomainNotVerifiedException",
      "400, AccountSuspendedException",
      "400, SendingPausedException",
      "404, NotFoundException",
      "400, BadRequestException",
      "403, AccessDeniedException"})
  void otherClientErrorsAreProviderRejectedWithTheirSesName(int status, String errorType) {
    fakeSes.script.add(Reply.error(status, errorType, "Refused"));
    fakeSes.script.add(Reply.success("never-reached"));

    Outcome outcome = send("1");

    assertThat(outcome.failure().errorCode()).isEqualTo("Provider rejected");
    assertThat(outcome.failure().errorSubType()).isEqualTo(errorType);
    assertThat(fakeSes.requests).hasSize(1);
  }

  @Test
  void theDailyQuotaIsNotRetriedAndAsksForTenMinutes() {
    fakeSes.script.add(Reply.error(400, "LimitExceededException", "Daily message quota exceeded."));
    fakeSes.script.add(Reply.success("never-reached"));

    Outcome outcome = send("1");

    assertThat(outcome.failure().errorCode()).isEqualTo("Provider unavailable");
    assertThat(outcome.failure().errorSubType()).isEqualTo("DailyQuotaExceeded");
    assertThat(outcome.failure().retryAfterSeconds()).isEqualTo(600);
    assertThat(fakeSes.requests).hasSize(1);
  }

  @Test
  void aHangingEndpointTimesOutWithinTheBudget() {
    for (int i = 0; i < 3; i++) {
      fakeSes.script.add(Reply.hanging());
    }

    Outcome outcome = send("1");

    assertThat(outcome.failure().errorCode()).isEqualTo("Provider unavailable");
    assertThat(outcome.failure().errorSubType()).isEqualTo("Timeout");
    assertThat(outcome.elapsedMillis()).isBetween(2_000L, 5_300L);
    assertThat(fakeSes.requests).hasSizeBetween(2, 3);
  }

  @Test
  void aRefusedConnectionIsRetriedThenConnectionError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (SesV2AsyncClient unreachable = sesClient("http://127.0.0.1:" + closedPort)) {
      SesV2Gateway toNowhere = gatewayOn(unreachable, maxWait -> {
        slotsTaken.incrementAndGet();
        return Future.succeededFuture();
      });

      Outcome outcome = send(toNowhere, "1");

      assertThat(outcome.failure().errorCode()).isEqualTo("Provider unavailable");
      assertThat(outcome.failure().errorSubType()).isEqualTo("ConnectionError");
      assertThat(slotsTaken).hasValue(3);
    }
  }

  @Test
  void noSendSlotIsSendRateExceededWithoutCallingSes() {
    SesV2Gateway saturated = gatewayOn(client, maxWait -> Future.failedFuture(SesSendException.sendRateExceeded()));

    Outcome outcome = send(saturated, "1");

    assertThat(outcome.failure().errorCode()).isEqualTo("Provider unavailable");
    assertThat(outcome.failure().errorSubType()).isEqualTo("SendRateExceeded");
    assertThat(outcome.failure().retryAfterSeconds()).isEqualTo(5);
    assertThat(fakeSes.requests).isEmpty();
  }

  private static SesV2AsyncClient sesClient(String endpoint) {
    return SesV2Gateway.client(new SesSettings("us-east-1", endpoint, 14), CREDENTIALS);
  }

  private static SesV2Gateway gatewayOn(SesV2AsyncClient sesClient, SendSlots slots) {
    return new SesV2Gateway(vertx, sesClient, slots, SesRetryPolicy.SPEC);
  }

  private Outcome send(String emailId) {
    return send(gateway, emailId);
  }

  /** Sends from an event-loop context, as the dispatch verticle does, and notes where the result arrived. */
  private static Outcome send(SesV2Gateway target, String emailId) {
    Context caller = vertx.getOrCreateContext();
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    caller.runOnContext(go -> {
      long start = System.nanoTime();
      target.send(RAW, emailId, "postbox-tracking").onComplete(result ->
          outcome.complete(Outcome.of(result, Vertx.currentContext() == caller, start)));
    });
    return outcome.orTimeout(15, TimeUnit.SECONDS).join();
  }

  private static <T> T single(List<T> values) {
    assertThat(values).hasSize(1);
    return values.get(0);
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().orTimeout(15, TimeUnit.SECONDS).join();
  }

  private record Outcome(String messageId, SesSendException failure, boolean completedOnCallerContext,
      long elapsedMillis) {
    static Outcome of(AsyncResult<String> result, boolean onCaller, long start) {
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (result.succeeded()) {
        return new Outcome(result.result(), null, onCaller, elapsed);
      }
      assertThat(result.cause()).isInstanceOf(SesSendException.class);
      return new Outcome(null, (SesSendException) result.cause(), onCaller, elapsed);
    }
  }

  /** One scripted answer; a hanging one never comes. */
  private record Reply(int status, String errorType, String body, boolean hang) {
    static Reply success(String messageId) {
      return new Reply(200, null, new JsonObject().put("MessageId", messageId).encode(), false);
    }

    static Reply error(int status, String errorType, String message) {
      return new Reply(status, errorType, new JsonObject().put("message", message).encode(), false);
    }

    static Reply hanging() {
      return new Reply(0, null, null, true);
    }
  }

  /** Records each SendEmail body and answers from the script; an empty script means success. */
  private static final class FakeSes {
    final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    static FakeSes listening(Vertx vertx) {
      FakeSes fake = new FakeSes();
      fake.server = vertx.createHttpServer().requestHandler(fake::handle);
      await(fake.server.listen(0, "127.0.0.1"));
      return fake;
    }

    int port() {
      return server.actualPort();
    }

    /** Closes the listener and every connection still open, hanging ones included. */
    Future<Void> close() {
      return server.close();
    }

    void handle(HttpServerRequest request) {
      if (request.method() != HttpMethod.POST || !request.path().equals("/v2/email/outbound-emails")) {
        request.response().setStatusCode(404).end();
        return;
      }
      request.body().onSuccess(body -> {
        requests.add(body.toJsonObject());
        Reply reply = script.poll();
        if (reply == null) {
          reply = Reply.success("default-message-id");
        }
        if (reply.hang()) {
          return;
        }
        if (reply.errorType() != null) {
          request.response().putHeader("x-amzn-ErrorType", reply.errorType());
        }
        request.response()
            .setStatusCode(reply.status())
            .putHeader("Content-Type", "application/json")
            .putHeader("x-amzn-RequestId", "fake-request-" + requests.size())
            .end(reply.body());
      });
    }
  }
}
