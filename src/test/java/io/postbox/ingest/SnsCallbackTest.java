package io.postbox.ingest;

import io.postbox.contract.Ingest;
import io.postbox.bus.IngestClient;
import static io.postbox.support.TestPostbox.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.Eventually;
import io.postbox.support.SnsTestSigner;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SNS HTTPS callback's ingest side end to end: signed envelopes from a loopback stand-in for SNS. */
class SnsCallbackTest {
  private static Vertx snsVertx;
  private static SnsTestSigner sns;
  private static TestPostbox postbox;
  private static TestUser user;

  @BeforeAll
  static void start() {
    snsVertx = Vertx.vertx();
    sns = SnsTestSigner.start(snsVertx);
    postbox = TestPostbox.start(settings(Map.of()));
    user = postbox.createUser("sns");
  }

  @AfterAll
  static void stop() {
    postbox.close();
    await(snsVertx.close());
  }

  private static Map<String, String> settings(Map<String, String> more) {
    Map<String, String> settings = new HashMap<>(Map.of(
        "POSTBOX_SNS_TOPIC_ARNS", SnsTestSigner.TOPIC_ARN,
        "POSTBOX_SNS_CERTIFICATE_HOST_PATTERN", "^127\\.0\\.0\\.1$",
        "POSTBOX_SNS_TRUSTED_CERTIFICATES_PEM", sns.certificatePem().toString(),
        "POSTBOX_SANDBOX_TIME_SCALE", "1000"));
    settings.putAll(more);
    return settings;
  }

  private static int callback(TestPostbox node, String body, boolean rawDelivery) {
    return await(new IngestClient(node.vertx).callback(new Ingest.CallbackBody(body, rawDelivery))).status();
  }

  /** Sends an email and waits for its (sandbox) SES message id; the sandbox's own events are 1000 times slower. */
  private static Row sendEmail() {
    String recipient = "reader+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    HttpResponse<Buffer> sent = postbox.send(user, new JsonObject().put("recipient", recipient)
        .put("subject", "SNS").put("body", "<p>Hello</p>"));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    long id = Long.parseLong(sent.bodyAsJsonObject().getString("id"));
    return Eventually.await(Duration.ofSeconds(10), "email " + id + " to get an SES message id",
        () -> postbox.sql("SELECT id, recipient, ses_message_id, status FROM emails WHERE id = $1", id)
            .iterator().next(), row -> row.getString("ses_message_id") != null);
  }

  private static String deliveryEvent(Row email) {
    JsonObject event = sample("delivery.json");
    String now = Instant.now().toString();
    JsonObject mail = event.getJsonObject("mail").put("messageId", email.getString("ses_message_id"))
        .put("destination", new JsonArray().add(email.getString("recipient"))).put("timestamp", now);
    mail.getJsonObject("tags").remove("postbox_email_id");
    event.getJsonObject("delivery").put("recipients", new JsonArray().add(email.getString("recipient")))
        .put("timestamp", now);
    return event.encode();
  }

  private static String status(Row email) {
    return postbox.sql("SELECT status FROM emails WHERE id = $1", email.getLong("id")).iterator().next()
        .getString("status");
  }

  private static long rejectsHolding(String text) {
    return postbox.sql("SELECT count(*) FROM ingest_rejects WHERE strpos(raw_body, $1) > 0", text)
        .iterator().next().getLong(0);
  }

  @Test
  void aSignedDeliveryNotificationIsCommittedAndAnswered200() {
    Row email = sendEmail();
    assertThat(status(email)).isNotEqualTo("DELIVERED");
    JsonObject envelope = sns.notification(deliveryEvent(email), "1");
    assertThat(callback(postbox, envelope.encode(), false)).isEqualTo(200);
    assertThat(status(email)).isEqualTo("DELIVERED");
  }

  @Test
  void aBadSignatureIsAnswered403AndNothingIsStored() {
    Row email = sendEmail();
    JsonObject envelope = sns.notification(deliveryEvent(email), "2");
    envelope.put("Signature", sns.notification("{}", "2").getString("Signature"));
    assertThat(callback(postbox, envelope.encode(), false)).isEqualTo(403);
    assertThat(status(email)).isNotEqualTo("DELIVERED");
    assertThat(rejectsHolding(envelope.getString("MessageId"))).isZero();
  }

  @Test
  void anUnsignedEventWithoutTheRawDeliveryHeaderIsAnswered403() {
    Row email = sendEmail();
    assertThat(callback(postbox, deliveryEvent(email), false)).isEqualTo(403);
    assertThat(status(email)).isNotEqualTo("DELIVERED");
  }

  @Test
  void aRawDeliveryIsTheSesEventItself() {
    Row email = sendEmail();
    assertThat(callback(postbox, deliveryEvent(email), true)).isEqualTo(200);
    assertThat(status(email)).isEqualTo("DELIVERED");
  }

  @Test
  void fromSqsARefusedEnvelopeIsStoredAsAVerificationReject() {
    Row email = sendEmail();
    JsonObject envelope = sns.notification(deliveryEvent(email), "2").put("TopicArn", "arn:aws:sns:us-east-1:1:other");
    Ingest.Outcome outcome = await(new IngestClient(postbox.vertx)
        .raw(new Ingest.RawMessage("sqs", envelope.encode())));
    assertThat(outcome.outcome()).isEqualTo("rejected");
    Row reject = postbox.sql("SELECT source, reason FROM ingest_rejects WHERE strpos(raw_body, $1) > 0",
        envelope.getString("MessageId")).iterator().next();
    assertThat(reject.getString("source")).isEqualTo("sqs");
    assertThat(reject.getString("reason")).isEqualTo("verification");
    assertThat(status(email)).isNotEqualTo("DELIVERED");
  }

  @Test
  void aSubscriptionConfirmationIsConfirmedAndAnswered200() {
    String path = "/confirm/" + UUID.randomUUID();
    JsonObject confirmation = sns.subscriptionConfirmation(sns.url(path + "?Action=ConfirmSubscription&Token=t"));
    assertThat(callback(postbox, confirmation.encode(), false)).isEqualTo(200);
    assertThat(sns.requests(path)).isEqualTo(1);
  }

  @Test
  void aSubscriptionConfirmationToAForeignHostIsNotFollowed() {
    String path = "/confirm/" + UUID.randomUUID();
    JsonObject confirmation = sns.subscriptionConfirmation(sns.url(path).replace("127.0.0.1", "localhost"));
    assertThat(callback(postbox, confirmation.encode(), false)).isEqualTo(403);
    assertThat(sns.requests(path)).isZero();
  }

  @Test
  void withoutAutoConfirmASubscriptionConfirmationIsAnswered202() {
    try (TestPostbox manual = TestPostbox.start(settings(Map.of("POSTBOX_SNS_AUTO_CONFIRM", "false")))) {
      String path = "/confirm/" + UUID.randomUUID();
      JsonObject confirmation = sns.subscriptionConfirmation(sns.url(path));
      assertThat(callback(manual, confirmation.encode(), false)).isEqualTo(202);
      assertThat(sns.requests(path)).isZero();
    }
  }

  @Test
  void garbageIsAnswered200AndStoredAsACallbackReject() {
    String garbage = "garbage " + UUID.randomUUID();
    assertThat(callback(postbox, garbage, false)).isEqualTo(200);
    Row reject = postbox.sql("SELECT source, reason FROM ingest_rejects WHERE raw_body = $1", garbage)
        .iterator().next();
    assertThat(reject.getString("source")).isEqualTo("callback");
    assertThat(reject.getString("reason")).isEqualTo("unparseable");
  }

  @Test
  void aFailingStoreIsAnswered500() {
    try (TestPostbox ingestOnly = TestPostbox.start(settings(Map.of("POSTBOX_ROLES", "ingest")))) {
      Row email = sendEmail();
      JsonObject envelope = sns.notification(deliveryEvent(email), "2");
      assertThat(callback(ingestOnly, envelope.encode(), false)).isEqualTo(500);
      assertThat(status(email)).isNotEqualTo("DELIVERED");
    }
  }

  private static JsonObject sample(String name) {
    try (InputStream in = SnsCallbackTest.class.getResourceAsStream("/ses/" + name)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
