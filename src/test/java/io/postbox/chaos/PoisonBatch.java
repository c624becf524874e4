package io.postbox.chaos;

import io.postbox.chaos.ChaosContext.ChaosUser;
import io.postbox.contract.PixelTokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * SPEC §24, one bad message in a batch: genuine SES Delivery events for real emails posted to the callback
 * endpoint (raw delivery) all at once, shuffled with poisoned bodies (a {@code \u0000} escape in a recipient, or a
 * raw NUL byte), and genuine pixel opens mixed with opens whose User-Agent carries a NUL byte. Requires every
 * genuine event applied, every poisoned callback body in {@code ingest_rejects}, every callback answered 200.
 */
final class PoisonBatch implements Scenario {
  private static final int CALLBACK_EMAILS = 100;
  private static final int POISON_ESCAPED = 25;
  private static final int POISON_RAW_NUL = 25;
  private static final int PIXEL_EMAILS = 60;
  private static final int POISON_PIXELS = 10;
  private static final String DELIVERED_AT = "2026-01-02T03:04:05.678Z";
  private static final String POISON_AT = "2026-01-02T03:04:09.000Z";
  private static final String CALLBACK_USER = "chaos";

  @Override
  public String name() {
    return "poison-batch";
  }

  @Override
  public Verdict run(ChaosContext context) throws Exception {
    Verdict verdict = new Verdict(name());
    String callbackPassword = ChaosContext.randomSecret().replaceAll("[^A-Za-z0-9]", "");
    String trackingSecret = ChaosContext.randomSecret();
    // sandbox events 50 s and more after acceptance: none arrives while the scenario runs
    try (ChaosNode node = new ChaosNode(context, name(), context.databaseUrl(),
        List.of("-Xmx512m", "-XX:+UseParallelGC"), Map.of(
            "POSTBOX_CALLBACK_ENABLED", "true",
            "POSTBOX_CALLBACK_BASIC_AUTH", CALLBACK_USER + ":" + callbackPassword,
            "POSTBOX_SNS_VERIFY", "false",
            "POSTBOX_TRACKING_MODE", "pixel",
            "POSTBOX_TRACKING_SECRET", trackingSecret,
            "POSTBOX_SANDBOX_TIME_SCALE", "1000"))) {
      if (!verdict.require(node.start(Duration.ofSeconds(90)), "node " + node.notReady())) {
        return verdict;
      }
      ChaosUser user = context.createUser("poison");
      List<Long> callbackIds = SendLoad.sendEmails(context, node, user, "callback", CALLBACK_EMAILS);
      List<Long> pixelIds = SendLoad.sendEmails(context, node, user, "pixel", PIXEL_EMAILS);
      List<Long> poisonPixelIds = SendLoad.sendEmails(context, node, user, "pixel-poison", POISON_PIXELS);
      if (!verdict.require(callbackIds.size() == CALLBACK_EMAILS && pixelIds.size() == PIXEL_EMAILS
          && poisonPixelIds.size() == POISON_PIXELS, "the emails to poison could be sent")) {
        return verdict;
      }
      long lastReject = context.count("SELECT coalesce(max(id), 0) FROM ingest_rejects");

      List<Supplier<Future<Integer>>> callbacks = new ArrayList<>();
      List<Boolean> poisoned = new ArrayList<>();
      List<Row> emails = new ArrayList<>();
      context.sql("SELECT id, ses_message_id, recipient FROM emails WHERE id = ANY($1) ORDER BY id",
          (Object) callbackIds.toArray(Long[]::new)).forEach(emails::add);
      String authorization = "Basic " + Base64.getEncoder()
          .encodeToString((CALLBACK_USER + ":" + callbackPassword).getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < emails.size(); i++) {
        Row email = emails.get(i);
        long id = email.getLong("id");
        String messageId = email.getString("ses_message_id");
        String recipient = email.getString("recipient");
        String genuine = delivery(id, messageId, recipient, recipient, DELIVERED_AT);
        callbacks.add(() -> postCallback(context, node, authorization, genuine.getBytes(StandardCharsets.UTF_8)));
        poisoned.add(false);
        if (i < POISON_ESCAPED) {
          String escaped = delivery(id, messageId, recipient, "reader\\u0000@example.com", POISON_AT);
          callbacks.add(() -> postCallback(context, node, authorization, escaped.getBytes(StandardCharsets.UTF_8)));
          poisoned.add(true);
        } else if (i < POISON_ESCAPED + POISON_RAW_NUL) {
          String rawNul = delivery(id, messageId, recipient, "reader\u0000@example.com", POISON_AT);
          callbacks.add(() -> postCallback(context, node, authorization, rawNul.getBytes(StandardCharsets.UTF_8)));
          poisoned.add(true);
        }
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < callbacks.size(); i++) {
        order.add(i);
      }
      Collections.shuffle(order);

      PixelTokens tokens = new PixelTokens(trackingSecret);
      ExecutorService poisonPixels = Executors.newFixedThreadPool(2);
      List<java.util.concurrent.Future<String>> poisonPixelAnswers = new ArrayList<>();
      List<Future<Integer>> genuinePixelAnswers = new ArrayList<>();
      Answers genuineAnswers = new Answers();
      Answers poisonAnswers = new Answers();
      List<Future<Integer>> callbackAnswers = new ArrayList<>();
      for (int i = 0; i < order.size(); i++) {
        int index = order.get(i);
        Answers answers = poisoned.get(index) ? poisonAnswers : genuineAnswers;
        callbackAnswers.add(callbacks.get(index).get()
            .onSuccess(status -> answers.answered(status, null, null))
            .onFailure(failure -> answers.unanswered()));
        if (i < pixelIds.size()) {
          genuinePixelAnswers.add(pixel(context, node, tokens.tokenFor(pixelIds.get(i))));
        }
        if (i < poisonPixelIds.size()) {
          String token = tokens.tokenFor(poisonPixelIds.get(i));
          poisonPixelAnswers.add(poisonPixels.submit(() -> poisonedPixel(node, token)));
        }
      }
      Future.join(callbackAnswers).toCompletionStage().toCompletableFuture().handle((done, failed) -> done)
          .get(30, TimeUnit.SECONDS);
      Future.join(genuinePixelAnswers).toCompletionStage().toCompletableFuture().handle((done, failed) -> done)
          .get(30, TimeUnit.SECONDS);
      List<String> poisonPixelStatuses = new ArrayList<>();
      for (java.util.concurrent.Future<String> answer : poisonPixelAnswers) {
        poisonPixelStatuses.add(answer.get(30, TimeUnit.SECONDS));
      }
      poisonPixels.shutdown();

      verdict.fact("callback genuine " + genuineAnswers.summary() + ", poisoned " + poisonAnswers.summary());
      long genuinePixelOk = genuinePixelAnswers.stream().filter(answer -> answer.succeeded() && answer.result() == 200)
          .count();
      verdict.fact("pixel genuine 200=" + genuinePixelOk + "/" + pixelIds.size() + ", NUL in User-Agent answered "
          + String.join(",", poisonPixelStatuses.stream().distinct().sorted().toList()));
      verdict.require(genuineAnswers.count("200") == CALLBACK_EMAILS, "every genuine callback answered 200");
      verdict.require(poisonAnswers.count("200") == POISON_ESCAPED + POISON_RAW_NUL,
          "every poisoned callback answered 200 (stored as a reject)");

      long deadline = System.currentTimeMillis() + 20_000;
      long delivered;
      long opened;
      do {
        delivered = context.count("SELECT count(*) FROM emails WHERE id = ANY($1) AND status = 'DELIVERED' "
            + "AND delivered_at = $2", callbackIds.toArray(Long[]::new), OffsetDateTime.parse(DELIVERED_AT));
        opened = context.count("SELECT count(*) FROM emails WHERE id = ANY($1) AND status = 'OPENED' "
            + "AND opened_at IS NOT NULL", (Object) pixelIds.toArray(Long[]::new));
        if (delivered == CALLBACK_EMAILS && opened == PIXEL_EMAILS) {
          break;
        }
        Thread.sleep(250);
      } while (System.currentTimeMillis() < deadline);
      long callbackRejects = context.count("SELECT count(*) FROM ingest_rejects WHERE id > $1 AND source = 'callback'",
          lastReject);
      long otherRejects = context.count("SELECT count(*) FROM ingest_rejects WHERE id > $1 AND source <> 'callback'",
          lastReject);
      long poisonPixelOpened = context.count("SELECT count(*) FROM emails WHERE id = ANY($1) AND status = 'OPENED'",
          (Object) poisonPixelIds.toArray(Long[]::new));
      verdict.fact("genuine deliveries applied " + delivered + "/" + CALLBACK_EMAILS + ", genuine opens applied "
          + opened + "/" + PIXEL_EMAILS);
      verdict.fact("rejects: callback " + callbackRejects + "/" + (POISON_ESCAPED + POISON_RAW_NUL) + ", other "
          + otherRejects + "; poisoned-open emails OPENED " + poisonPixelOpened + "/" + POISON_PIXELS);
      verdict.require(delivered == CALLBACK_EMAILS, "every genuine delivery applied");
      verdict.require(opened == PIXEL_EMAILS, "every genuine open applied");
      verdict.require(callbackRejects == POISON_ESCAPED + POISON_RAW_NUL,
          "exactly the poisoned callback bodies in ingest_rejects");
      verdict.require(node.probe("/health/ready") == 200, "ready afterwards");
    }
    return verdict;
  }

  /** A raw SES event-publishing Delivery of one email; {@code recipient} goes in as written (JSON text). */
  static String delivery(long emailId, String sesMessageId, String mainRecipient, String recipient, String at) {
    JsonObject mail = new JsonObject().put("timestamp", at).put("messageId", sesMessageId)
        .put("source", "no-reply@example.gov")
        .put("destination", new JsonArray().add(mainRecipient))
        .put("tags", new JsonObject().put("postbox_email_id", new JsonArray().add(Long.toString(emailId))));
    return "{\"eventType\":\"Delivery\",\"mail\":" + mail.encode() + ",\"delivery\":{\"timestamp\":\"" + at
        + "\",\"recipients\":[\"" + recipient + "\"],\"smtpResponse\":\"250 2.0.0 OK\",\"processingTimeMillis\":120}}";
  }

  private static Future<Integer> postCallback(ChaosContext context, ChaosNode node, String authorization,
      byte[] body) {
    return context.http().post(node.httpPort(), "127.0.0.1", "/v1/callback/email")
        .putHeader("Authorization", authorization).putHeader("x-amz-sns-rawdelivery", "true")
        .putHeader("Content-Type", "text/plain; charset=UTF-8").timeout(15_000)
        .sendBuffer(Buffer.buffer(body)).map(response -> response.statusCode());
  }

  private static Future<Integer> pixel(ChaosContext context, ChaosNode node, String token) {
    return context.http().get(node.trackingPort(), "127.0.0.1", "/t/" + token + ".gif")
        .putHeader("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) chaos-reader").timeout(15_000).send()
        .map(response -> response.statusCode());
  }

  /** A pixel fetch whose User-Agent holds a NUL byte, written on a raw socket; returns the status line's code. */
  private static String poisonedPixel(ChaosNode node, String token) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", node.trackingPort()), 5_000);
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /t/" + token + ".gif HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: chaos\u0000reader\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      int status = HttpLines.statusOf(HttpLines.readLine(in));
      return status < 0 ? "no-answer" : Integer.toString(status);
    } catch (IOException e) {
      return "no-answer";
    }
  }
}
