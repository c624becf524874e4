package io.postbox.ingest;

import io.postbox.contract.Ingest;
import io.postbox.bus.IngestClient;
import static io.postbox.ingest.SqsPollerTest.awaitTrue;
import static io.postbox.ingest.SqsPollerTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.Addresses;
import io.postbox.contract.Timestamps;
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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §11.1 and §11.5 end to end: SES events put into a local SQS queue move emails through the real store. */
class SqsIngestionTest {
  private static LocalSqs sqs;
  private static String queue;
  private static TestPostbox postbox;
  private static TestUser user;
  private static final List<JsonObject> changes = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    sqs = LocalSqs.start();
    queue = sqs.createQueue("ses-events", 60);
    System.setProperty("aws.accessKeyId", "x");
    System.setProperty("aws.secretAccessKey", "x");
    postbox = TestPostbox.start(Map.of(
        "POSTBOX_AWS_REGION", "us-east-1",
        "POSTBOX_SANDBOX", "true",
        "POSTBOX_SANDBOX_TIME_SCALE", "1000",
        "POSTBOX_SQS_ENDPOINT", sqs.endpoint.toString(),
        "POSTBOX_SQS_QUEUE_URL", queue,
        "POSTBOX_SNS_VERIFY", "false"));
    user = postbox.createUser("sqs", 1000);
    postbox.vertx.eventBus().<JsonObject>consumer(Addresses.EMAIL_STATUS_CHANGED, message -> changes.add(message.body()));
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
  void aRawDeliveryEventDeliversTheEmailAndIsDeleted() {
    SentEmail email = send();
    sqs.send(queue, delivery(email).encode());

    JsonObject delivered = awaitEmail(email.id(), e -> "DELIVERED".equals(e.getString("status")));
    assertThat(delivered.getString("status")).isEqualTo("DELIVERED");
    assertThat(delivered.getString("delivered_at")).isNotNull();
    awaitTrue(() -> sqs.messagesIn(queue) == 0);
  }

  @Test
  void aBounceInAnSnsEnvelopeBouncesTheEmailAndIsDeleted() {
    SentEmail email = send();
    sqs.send(queue, snsNotification(bounce(email)));

    JsonObject bounced = awaitEmail(email.id(), e -> "BOUNCED".equals(e.getString("status")));
    assertThat(bounced.getString("status")).isEqualTo("BOUNCED");
    assertThat(bounced.getString("error_code")).isEqualTo("Hard bounce");
    assertThat(bounced.getString("bounced_at")).isNotNull();
    awaitTrue(() -> sqs.messagesIn(queue) == 0);
  }

  @Test
  void aMalformedBodyIsRejectedAsUnparseableAndDeleted() {
    String body = "not json " + UUID.randomUUID();
    sqs.send(queue, body);

    Row reject = awaitReject(body);
    assertThat(reject.getString("source")).isEqualTo("sqs");
    assertThat(reject.getString("reason")).isEqualTo("unparseable");
    awaitTrue(() -> sqs.messagesIn(queue) == 0);
  }

  @Test
  void anEventForAnUnknownEmailIsRejectedAsUnmatchedAndDeleted() {
    String unknownId = Long.toString(Long.MAX_VALUE - System.nanoTime() % 1_000_000);
    String body = delivery(new SentEmail(unknownId, "nobody@example.com", UUID.randomUUID() + "-000000")).encode();
    sqs.send(queue, body);

    Row reject = awaitReject(body);
    assertThat(reject.getString("source")).isEqualTo("sqs");
    assertThat(reject.getString("reason")).isEqualTo("unmatched");
    awaitTrue(() -> sqs.messagesIn(queue) == 0);
  }

  @Test
  void aPollerStoppedBetweenCommitAndDeleteCausesAHarmlessRedelivery() {
    String crashQueue = sqs.createQueue("crash", 60);
    AtomicInteger committed = new AtomicInteger();
    SqsPoller poller = new SqsPoller(FirstDeleteDroppingSqs.wrapping(sqs.client), crashQueue,
        (source, body) -> ingest(source, body).onSuccess(reply -> committed.incrementAndGet()),
        postbox.vertx.getOrCreateContext(),
        new SqsPoller.Tuning(1, 10, 1, Duration.ofMillis(50), Duration.ofMillis(200)));
    poller.start();
    try {
      SentEmail email = send();
      sqs.send(crashQueue, delivery(email).encode());

      awaitTrue(() -> committed.get() == 1);
      assertThat(awaitEmail(email.id(), e -> "DELIVERED".equals(e.getString("status"))).getString("status"))
          .isEqualTo("DELIVERED");
      long timelineRows = timelineRows(email.id());
      assertThat(transitionsTo(email.id(), "DELIVERED")).isEqualTo(1);

      awaitTrue(() -> committed.get() == 2);
      awaitTrue(() -> sqs.messagesIn(crashQueue) == 0);
      sleep(300);
      assertThat(timelineRows(email.id())).isEqualTo(timelineRows);
      assertThat(transitionsTo(email.id(), "DELIVERED")).isEqualTo(1);
      assertThat(awaitEmail(email.id(), e -> true).getString("status")).isEqualTo("DELIVERED");
    } finally {
      TestPostbox.await(poller.stop());
    }
  }

  @Test
  void theIngestHealthReportsSqsUpOnceAReceiveSucceeded() {
    awaitTrue(() -> "UP".equals(health().sqs()));
    Instant lastPoll = Timestamps.parse(health().lastPollAt());
    assertThat(lastPoll).isBetween(Instant.now().minusSeconds(60), Instant.now());
  }

  private static Ingest.SqsReadiness health() {
    return TestPostbox.await(new IngestClient(postbox.vertx).health());
  }

  private static Future<?> ingest(String source, String body) {
    return new IngestClient(postbox.vertx).raw(new Ingest.RawMessage(source, body));
  }

  private record SentEmail(String id, String recipient, String sesMessageId) {
  }

  private static SentEmail send() {
    String recipient = TestPostbox.uniqueEmail("reader");
    HttpResponse<Buffer> response = postbox.send(user, new JsonObject().put("recipient", recipient)
        .put("subject", "Over SQS").put("body", "<p>Hello</p>"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    String id = response.bodyAsJsonObject().getString("id");
    awaitTrue(() -> sesMessageId(id) != null);
    return new SentEmail(id, recipient, sesMessageId(id));
  }

  private static String sesMessageId(String id) {
    return postbox.sql("SELECT ses_message_id FROM emails WHERE id = $1", Long.parseLong(id)).iterator().next()
        .getString(0);
  }

  private static long timelineRows(String id) {
    return postbox.sql("SELECT count(*) FROM email_events WHERE email_id = $1", Long.parseLong(id)).iterator().next()
        .getLong(0);
  }

  private static long transitionsTo(String id, String status) {
    return changes.stream().filter(change -> id.equals(change.getString("email_id")))
        .filter(change -> status.equals(change.getString("status"))).count();
  }

  private static Row awaitReject(String body) {
    awaitTrue(() -> postbox.sql("SELECT count(*) FROM ingest_rejects WHERE raw_body = $1", body).iterator().next()
        .getLong(0) > 0);
    return postbox.sql("SELECT source, reason FROM ingest_rejects WHERE raw_body = $1", body).iterator().next();
  }

  private static JsonObject awaitEmail(String id, Predicate<JsonObject> done) {
    long deadline = System.currentTimeMillis() + 15_000;
    JsonObject email;
    do {
      email = postbox.get(user, "/v1/transactional/email/" + id).bodyAsJsonObject();
      if (done.test(email)) {
        return email;
      }
      sleep(25);
    } while (System.currentTimeMillis() < deadline);
    return email;
  }

  /** An SES event-publishing event from a sample in resources/ses, about {@code email}. */
  private static JsonObject sesEvent(String sample, SentEmail email) {
    JsonObject event = new JsonObject(resource("/ses/" + sample + ".json"));
    JsonObject mail = event.getJsonObject("mail");
    mail.put("messageId", email.sesMessageId())
        .put("timestamp", Timestamps.format(Instant.now().minusSeconds(1)))
        .put("destination", new JsonArray().add(email.recipient()));
    mail.getJsonObject("commonHeaders").put("messageId", email.sesMessageId())
        .put("to", new JsonArray().add(email.recipient())).remove("cc");
    mail.getJsonObject("tags").put("postbox_email_id", new JsonArray().add(email.id()));
    return event;
  }

  private static JsonObject delivery(SentEmail email) {
    JsonObject event = sesEvent("delivery", email);
    event.getJsonObject("delivery").put("timestamp", Timestamps.format(Instant.now()))
        .put("recipients", new JsonArray().add(email.recipient()));
    return event;
  }

  private static JsonObject bounce(SentEmail email) {
    JsonObject event = sesEvent("bounce-permanent", email);
    event.getJsonObject("bounce").put("timestamp", Timestamps.format(Instant.now()))
        .put("bouncedRecipients", new JsonArray().add(new JsonObject().put("emailAddress", email.recipient())
            .put("action", "failed").put("status", "5.1.1").put("diagnosticCode", "smtp; 550 5.1.1 user unknown")));
    return event;
  }

  private static String snsNotification(JsonObject event) {
    return new JsonObject()
        .put("Type", "Notification")
        .put("MessageId", UUID.randomUUID().toString())
        .put("TopicArn", "arn:aws:sns:us-east-1:123456789012:ses-events")
        .put("Message", event.encode())
        .put("Timestamp", Timestamps.format(Instant.now()))
        .put("SignatureVersion", "1")
        .put("Signature", "x")
        .put("SigningCertURL", "https://sns.us-east-1.amazonaws.com/x.pem")
        .encode();
  }

  private static String resource(String path) {
    try (InputStream in = SqsIngestionTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
