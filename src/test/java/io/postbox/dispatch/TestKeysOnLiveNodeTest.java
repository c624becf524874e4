package io.postbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.Eventually;
import io.postbox.support.LocalSes;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §28 on a node that sends through SES: a test key's email never reaches SES; the sandbox simulator plays its
 * events instead, so it is delivered; a live key's email on the same node goes to SES as before.
 */
class TestKeysOnLiveNodeTest {
  private static final String EMAILS = "/v1/transactional/email";
  private static LocalSes ses;
  private static TestPostbox postbox;

  @BeforeAll
  static void start() {
    System.setProperty("aws.accessKeyId", "x");
    System.setProperty("aws.secretAccessKey", "x");
    ses = LocalSes.start();
    postbox = TestPostbox.start(Map.of(
        "POSTBOX_AWS_REGION", "us-east-1",
        "POSTBOX_SES_ENDPOINT", ses.endpoint(),
        "POSTBOX_SANDBOX", "false",
        "POSTBOX_SANDBOX_TIME_SCALE", "0",
        "POSTBOX_SNS_VERIFY", "false"));
  }

  @AfterAll
  static void stop() {
    if (postbox != null) {
      postbox.close();
    }
    if (ses != null) {
      ses.close();
    }
  }

  @Test
  void aTestKeysSendRunsThroughTheSimulatorAndNeverReachesSes() {
    TestUser live = postbox.createUser("livenode", 1000);
    TestUser test = postbox.withKey(live, "send", "test");
    TestUser testReader = postbox.withKey(live, "read", "test");
    String testSubject = "Test key " + UUID.randomUUID();
    String liveSubject = "Live key " + UUID.randomUUID();

    HttpResponse<Buffer> testSent = postbox.send(test, email(testSubject));
    HttpResponse<Buffer> liveSent = postbox.send(live, email(liveSubject));

    assertThat(testSent.statusCode()).as(testSent.bodyAsString()).isEqualTo(201);
    assertThat(testSent.bodyAsJsonObject().getBoolean("test")).isTrue();
    assertThat(liveSent.statusCode()).as(liveSent.bodyAsString()).isEqualTo(201);
    assertThat(liveSent.bodyAsJsonObject().getBoolean("test")).isFalse();
    String testId = testSent.bodyAsJsonObject().getString("id");
    JsonObject delivered = Eventually.await(Duration.ofSeconds(20), "the test email delivered by the simulator",
        () -> postbox.get(testReader, EMAILS + "/" + testId).bodyAsJsonObject(),
        email -> "DELIVERED".equals(email.getString("status")));
    assertThat(delivered.getBoolean("test")).isTrue();
    Eventually.await(Duration.ofSeconds(10), "SES received the live email", () -> subjects().contains(liveSubject));
    assertThat(subjects()).doesNotContain(testSubject);
    assertThat(postbox.get(live, EMAILS + "/" + liveSent.bodyAsJsonObject().getString("id")).bodyAsJsonObject()
        .getString("status")).isEqualTo("ACCEPTED");
  }

  private static JsonObject email(String subject) {
    return new JsonObject().put("recipient", "someone@example.com").put("subject", subject).put("body", "<p>hi</p>");
  }

  private static java.util.List<String> subjects() {
    JsonArray emails = ses.emails();
    return emails.stream().map(email -> ((JsonObject) email).getString("subject")).toList();
  }
}
