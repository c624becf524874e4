package io.postbox.ingest;

import io.postbox.contract.Ingest;
import io.postbox.bus.IngestClient;
import static io.postbox.ingest.SqsPollerTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.PixelTokens;
import io.postbox.support.LocalSqs;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §24 for every ingest source: one bad message among many good ones arriving together is stored in
 * {@code ingest_rejects}, and every good one is applied. The bad ones are of two kinds: text a parser refuses
 * before anything reaches SQL (a NUL, a control character), and a message that passes the parsers but that
 * PostgreSQL refuses (a bounced address too long for the blacklist's index), which the store isolates.
 */
class PoisonMessageIngestTest {
  private static final String TRACKING_SECRET = "poison-tracking-secret-0123456789abcdef";
  private static final String BASIC_AUTH = "sns:poison";
  private static final Instant SENT = Instant.parse("2025-06-01T00:00:00.000Z");
  private static final int GOOD = 20;

  private static LocalSqs sqs;
  private static String queue;
  private static TestPostbox postbox;
  private static TestUser user;
  private static IngestClient ingest;

  @BeforeAll
  static void start() {
    sqs = LocalSqs.start();
    queue = sqs.createQueue("poison", 60);
    System.setProperty("aws.accessKeyId", "x");
    System.setProperty("aws.secretAccessKey", "x");
    postbox = TestPostbox.start(Map.of(
        "POSTBOX_AWS_REGION", "us-east-1",
        "POSTBOX_SANDBOX", "true",
        "POSTBOX_SQS_ENDPOINT", sqs.endpoint.toString(),
        "POSTBOX_SQS_QUEUE_URL", queue,
        "POSTBOX_SNS_VERIFY", "false",
        "POSTBOX_CALLBACK_ENABLED", "true",
        "POSTBOX_CALLBACK_BASIC_AUTH", BASIC_AUTH,
        "POSTBOX_TRACKING_MODE", "pixel",
        "POSTBOX_TRACKING_SECRET", TRACKING_SECRET));
    ingest = new IngestClient(postbox.vertx);
    user = postbox.createUser("poison", 1000);
  }

  @AfterAll
  static void stop() {
    if (postbox != null) {
      postbox.close();
    }
    sqs.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void sqsGoodMessagesAreAppliedAndDeletedAndThePoisonOnesAreRejectedAndDeleted() {
    String marker = marker();
    List<Long> emails = insertEmails(GOOD);
    List<String> bodies = new ArrayList<>();
    emails.forEach(id -> bodies.add(delivery(id, marker).encode()));
    String nul = withNulRecipient(delivery(emails.get(1), marker + "-nul"));
    String tooLong = longBounce(emails.get(2), marker + "-long").encode();
    bodies.add(7, nul);
    bodies.add(13, tooLong);
    for (int i = 0; i < bodies.size(); i += 10) {
      List<String> chunk = bodies.subList(i, Math.min(bodies.size(), i + 10));
      sqs.client.sendMessageBatch(request -> request.queueUrl(queue).entries(java.util.stream.IntStream
          .range(0, chunk.size()).mapToObj(n -> software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry
              .builder().id("m" + n).messageBody(chunk.get(n)).build()).toList())).join();
    }

    awaitStatuses(emails, "DELIVERED");
    assertThat(rejects(marker)).isEqualTo(Map.of(
        nul, "sqs/invalid_characters",
        tooLong, "sqs/unstorable"));
    awaitTrue(() -> sqs.messagesIn(queue) == 0);
  }

  @Test
  void callbackGoodBodiesAreAppliedAndThePoisonOnesAreRejectedWith200() {
    String marker = marker();
    List<Long> emails = insertEmails(GOOD);
    List<String> bodies = new ArrayList<>();
    emails.forEach(id -> bodies.add(delivery(id, marker).encode()));
    String nul = withNulRecipient(delivery(emails.get(1), marker + "-nul"));
    String control = delivery(emails.get(3), marker + "-control").encode().replace("250 ok", "250\\u0007ok");
    String tooLong = longBounce(emails.get(2), marker + "-long").encode();
    bodies.add(5, nul);
    bodies.add(9, control);
    bodies.add(15, tooLong);

    List<Future<HttpResponse<Buffer>>> answers = bodies.stream().map(body -> postbox.http.post("/v1/callback/email")
        .putHeader("Content-Type", "text/plain; charset=UTF-8")
        .putHeader("x-amz-sns-rawdelivery", "true")
        .putHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(BASIC_AUTH.getBytes()))
        .sendBuffer(Buffer.buffer(body))).toList();
    TestPostbox.await(Future.join(answers));
    assertThat(answers).allSatisfy(answer -> assertThat(answer.result().statusCode()).isEqualTo(200));

    awaitStatuses(emails, "DELIVERED");
    assertThat(rejects(marker)).isEqualTo(Map.of(
        nul, "callback/invalid_characters",
        control, "callback/invalid_characters",
        tooLong, "callback/unstorable"));
  }

  /**
   * A control character in a pixel hit's headers is refused by the HTTP server itself (400, nothing recorded); what
   * cost pixel opens was a bad message of another source in the same store batch, which is what this test sends.
   */
  @Test
  void pixelOpensAreAllRecordedBesideBadMessagesInTheSameBatch() throws IOException {
    String marker = marker();
    List<Long> emails = insertEmails(40);
    int trackingPort = postbox.config.getJsonObject("tracking").getInteger("port");
    PixelTokens tokens = new PixelTokens(TRACKING_SECRET);
    String tooLong = longBounce(emails.get(0), marker + "-long").encode();
    String nul = withNulRecipient(delivery(emails.get(1), marker + "-nul"));
    List<Future<?>> hits = new ArrayList<>();
    for (long id : emails) {
      hits.add(postbox.http.get(trackingPort, "127.0.0.1", "/t/" + tokens.tokenFor(id) + ".gif")
          .putHeader("User-Agent", "Mozilla/5.0 (X11) " + marker).send());
      if (id == emails.get(20)) {
        hits.add(ingest.raw(new Ingest.RawMessage("callback", tooLong)));
        hits.add(ingest.raw(new Ingest.RawMessage("sandbox", nul)));
      }
    }
    String badAgentAnswer = rawPixelHit(trackingPort, tokens.tokenFor(emails.get(5)), "Bot\u0001" + marker);
    TestPostbox.await(Future.join(hits));
    assertThat(hits).allMatch(Future::succeeded);
    assertThat(badAgentAnswer).startsWith("HTTP/1.1 400");

    awaitStatuses(emails, "OPENED");
    assertThat(postbox.sql("SELECT count(*) FROM email_events WHERE email_id = ANY($1::bigint[]) AND type = 'open'",
        (Object) emails.toArray(Long[]::new)).iterator().next().getLong(0)).isEqualTo(40);
    assertThat(rejects(marker)).isEqualTo(Map.of(
        tooLong, "callback/unstorable",
        nul, "sandbox/invalid_characters"));
  }

  @Test
  void sandboxEventsAreAllAppliedBesidePoisonSandboxMessages() {
    String marker = marker();
    List<Future<HttpResponse<Buffer>>> sends = new ArrayList<>();
    for (int i = 0; i < GOOD; i++) {
      sends.add(postbox.post("/v1/transactional/email/send", user).sendJsonObject(new JsonObject()
          .put("recipient", "success+" + i + "@simulator.amazonses.com").put("subject", "s").put("body", "b")));
    }
    List<Long> victims = insertEmails(2);
    String nul = withNulRecipient(delivery(victims.get(0), marker + "-nul"));
    String tooLong = longBounce(victims.get(1), marker + "-long").encode();
    List<Future<?>> poison = List.of(
        ingest.raw(new Ingest.RawMessage("sandbox", nul)),
        ingest.raw(new Ingest.RawMessage("sandbox", tooLong)));
    TestPostbox.await(Future.join(sends));
    TestPostbox.await(Future.join(poison));
    assertThat(poison).allMatch(Future::succeeded);

    List<Long> sent = sends.stream().map(send -> {
      assertThat(send.result().statusCode()).isEqualTo(201);
      return Long.parseLong(send.result().bodyAsJsonObject().getString("id"));
    }).toList();
    awaitStatuses(sent, "DELIVERED");
    assertThat(rejects(marker)).isEqualTo(Map.of(
        nul, "sandbox/invalid_characters",
        tooLong, "sandbox/unstorable"));
  }

  /** Sends a pixel request over a plain socket, since HTTP clients refuse control characters in headers. */
  private static String rawPixelHit(int port, String token, String userAgent) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /t/" + token + ".gif HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: " + userAgent
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
    }
  }

  private static String marker() {
    return "poison-" + UUID.randomUUID();
  }

  private static void awaitStatuses(List<Long> emails, String status) {
    awaitTrue(() -> countWithStatus(emails, status) == emails.size());
    assertThat(countWithStatus(emails, status)).isEqualTo(emails.size());
  }

  private static long countWithStatus(List<Long> emails, String status) {
    return postbox.sql("SELECT count(*) FROM emails WHERE id = ANY($1::bigint[]) AND status = $2",
        emails.toArray(Long[]::new), status).iterator().next().getLong(0);
  }

  /** The rejects whose raw body holds {@code marker}: raw body → source/reason. */
  private static Map<String, String> rejects(String marker) {
    Map<String, String> rejects = new HashMap<>();
    for (Row row : postbox.sql("SELECT source, reason, raw_body FROM ingest_rejects WHERE raw_body LIKE $1",
        "%" + marker + "%")) {
      rejects.put(row.getString("raw_body"), row.getString("source") + "/" + row.getString("reason"));
    }
    return rejects;
  }

  private static List<Long> insertEmails(int count) {
    Long[] users = new Long[count];
    java.util.Arrays.fill(users, user.id());
    List<Long> ids = new ArrayList<>();
    postbox.sql("""
        INSERT INTO emails (user_id, from_address, recipient, params, status, status_rank, status_event_at,
                            status_event_key, accepted_at, created_at, updated_at, ses_message_id)
        SELECT u, 'no-reply@example.gov', 'reader@example.com', '{}'::jsonb, 'ACCEPTED', 1, $2, 'api:accepted',
               $2, $2, $2, gen_random_uuid()::text
        FROM unnest($1::bigint[]) AS u RETURNING id""", users, OffsetDateTime.ofInstant(SENT, ZoneOffset.UTC))
        .forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }

  private static JsonObject mail(long emailId, String messageId) {
    return new JsonObject().put("timestamp", SENT.toString()).put("messageId", messageId)
        .put("source", "no-reply@example.gov").put("destination", new JsonArray().add("reader@example.com"))
        .put("tags", new JsonObject().put("postbox_email_id", new JsonArray().add(Long.toString(emailId))));
  }

  private static JsonObject delivery(long emailId, String marker) {
    return new JsonObject().put("eventType", "Delivery").put("mail", mail(emailId, marker + "-" + emailId))
        .put("delivery", new JsonObject().put("timestamp", SENT.plusSeconds(5).toString())
            .put("recipients", new JsonArray().add("reader@example.com")).put("smtpResponse", "250 ok"));
  }

  /** The JSON text of {@code event} with a JSON-escaped NUL in its recipient. */
  private static String withNulRecipient(JsonObject event) {
    return event.encode().replace("\"recipients\":[\"reader@example.com\"]",
        "\"recipients\":[\"reader\\u0000@example.com\"]");
  }

  /** A permanent bounce of a cc address too long for the blacklist's index: only PostgreSQL refuses it. */
  private static JsonObject longBounce(long emailId, String marker) {
    Random random = new Random();
    StringBuilder local = new StringBuilder();
    while (local.length() < 4000) {
      local.append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
    }
    return new JsonObject().put("eventType", "Bounce").put("mail", mail(emailId, marker + "-" + emailId))
        .put("bounce", new JsonObject().put("bounceType", "Permanent").put("bounceSubType", "General")
            .put("timestamp", SENT.plusSeconds(5).toString()).put("feedbackId", marker)
            .put("bouncedRecipients", new JsonArray().add(new JsonObject()
                .put("emailAddress", local + "@example.com").put("action", "failed").put("status", "5.1.1"))));
  }
}
