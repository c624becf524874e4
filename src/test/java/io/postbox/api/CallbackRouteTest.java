package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.SnsTestSigner;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §11.6 over HTTP: {@code POST /v1/callback/email} with Basic auth, signed SNS deliveries and raw ones. */
class CallbackRouteTest {
  private static final String PATH = "/v1/callback/email";
  private static Vertx snsVertx;
  private static SnsTestSigner sns;
  private static TestPostbox postbox;
  private static TestUser user;

  @BeforeAll
  static void start() {
    snsVertx = Vertx.vertx();
    sns = SnsTestSigner.start(snsVertx);
    postbox = TestPostbox.start(Map.of(
        "POSTBOX_CALLBACK_ENABLED", "true",
        "POSTBOX_CALLBACK_BASIC_AUTH", "sns:s3cret",
        "POSTBOX_SNS_TOPIC_ARNS", SnsTestSigner.TOPIC_ARN,
        "POSTBOX_SNS_CERTIFICATE_HOST_PATTERN", "^127\\.0\\.0\\.1$",
        "POSTBOX_SNS_TRUSTED_CERTIFICATES_PEM", sns.certificatePem().toString(),
        "POSTBOX_SANDBOX_TIME_SCALE", "1000"));
    user = postbox.createUser("callback", 100);
  }

  @AfterAll
  static void stop() {
    postbox.close();
    TestPostbox.await(snsVertx.close());
  }

  private static HttpRequest<Buffer> post(String credentials) {
    HttpRequest<Buffer> request = postbox.http.post(PATH).putHeader("Content-Type", "text/plain; charset=UTF-8");
    if (credentials != null) {
      request.putHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes()));
    }
    return request;
  }

  @Test
  void basicAuthIsRequiredAndChecked() {
    HttpResponse<Buffer> missing = TestPostbox.await(post(null).sendBuffer(Buffer.buffer("{}")));
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"Email\"");
    assertThat(missing.bodyAsJsonObject().getString("code")).isEqualTo("unauthenticated");
    HttpResponse<Buffer> wrong = TestPostbox.await(post("sns:wrong").sendBuffer(Buffer.buffer("{}")));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.bodyAsJsonObject().getString("code")).isEqualTo("unauthorized");
  }

  @Test
  void aSignedDeliveryMovesTheStatusAndGarbageIsStoredAsAReject() {
    JsonObject sent = postbox.send(user, new JsonObject().put("recipient", "cb@example.com").put("subject", "s")
        .put("body", "b")).bodyAsJsonObject();
    String messageId = postbox.sql("SELECT ses_message_id FROM emails WHERE id = $1", Long.parseLong(sent.getString("id")))
        .iterator().next().getString(0);
    JsonObject delivery = new JsonObject().put("eventType", "Delivery")
        .put("mail", new JsonObject().put("timestamp", "2025-01-01T00:00:00.000Z").put("messageId", messageId)
            .put("source", "no-reply@example.gov").put("destination", new JsonArray().add("cb@example.com"))
            .put("tags", new JsonObject().put("postbox_email_id", new JsonArray().add(sent.getString("id")))))
        .put("delivery", new JsonObject().put("timestamp", "2025-01-01T00:00:01.000Z")
            .put("recipients", new JsonArray().add("cb@example.com")).put("smtpResponse", "250 ok"));
    JsonObject envelope = sns.notification(delivery.encode(), "2");
    HttpResponse<Buffer> ok = TestPostbox.await(post("sns:s3cret").sendBuffer(envelope.toBuffer()));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(postbox.get(user, "/v1/transactional/email/" + sent.getString("id")).bodyAsJsonObject().getString("status"))
        .isEqualTo("DELIVERED");

    JsonObject forged = envelope.copy().put("Message", delivery.copy().put("eventType", "Bounce").encode());
    HttpResponse<Buffer> refused = TestPostbox.await(post("sns:s3cret").sendBuffer(forged.toBuffer()));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("unauthorized");

    long rejects = postbox.sql("SELECT count(*) FROM ingest_rejects WHERE source = 'callback'").iterator().next().getLong(0);
    assertThat(TestPostbox.await(post("sns:s3cret").sendBuffer(Buffer.buffer("not json"))).statusCode()).isEqualTo(200);
    assertThat(postbox.sql("SELECT count(*) FROM ingest_rejects WHERE source = 'callback'").iterator().next().getLong(0))
        .isEqualTo(rejects + 1);
  }

  @Test
  void aRawDeliveryIsAcceptedBehindBasicAuth() {
    HttpResponse<Buffer> raw = TestPostbox.await(post("sns:s3cret").putHeader("x-amz-sns-rawdelivery", "true")
        .sendBuffer(Buffer.buffer("{\"eventType\":\"Nonsense\"}")));
    assertThat(raw.statusCode()).isEqualTo(200);
  }
}
