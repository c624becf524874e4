package io.postbox.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code scripts/run --aws-local} runs, on free ports: postbox sends into aws-ses-v2-local, the publisher puts
 * the simulator's events into ElasticMQ, and postbox, polling it, finds each email by its SES message id alone.
 */
class AwsLocalTest {
  private static LocalSqs sqs;
  private static LocalSes ses;
  private static String queue;
  private static TestPostbox postbox;
  private static LocalSesEventPublisher publisher;
  private static TestUser user;

  @BeforeAll
  static void start() {
    System.setProperty("aws.accessKeyId", "x");
    System.setProperty("aws.secretAccessKey", "x");
    sqs = LocalSqs.start();
    queue = sqs.createQueue("aws-local", 60);
    ses = LocalSes.start();
    postbox = TestPostbox.start(AwsLocal.postboxEnv(Map.of(), sqs, ses, queue));
    user = postbox.createUser("aws-local", 100);
    publisher = new LocalSesEventPublisher(ses::emails, body -> sqs.send(queue, body), 0, Duration.ofMillis(300));
    publisher.start(Duration.ofMillis(100));
  }

  @AfterAll
  static void stop() {
    if (publisher != null) {
      publisher.close();
    }
    if (postbox != null) {
      postbox.close();
    }
    if (ses != null) {
      ses.close();
    }
    if (sqs != null) {
      sqs.close();
    }
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void anEmailSentThroughLocalSesIsDeliveredThroughTheQueue() {
    String id = send("success@simulator.amazonses.com");

    // the Delivery event may be applied before the Send event that precedes it: wait for both
    JsonObject email = Eventually.await(Duration.ofSeconds(15), "email " + id + " to be DELIVERED with its sent_at",
        () -> postbox.get(user, "/v1/transactional/email/" + id).bodyAsJsonObject(),
        e -> "DELIVERED".equals(e.getString("status")) && e.getString("sent_at") != null);
    assertThat(email.getString("sent_at")).isNotNull();
    assertThat(email.getString("delivered_at")).isNotNull();
    String sesMessageId = postbox.sql("SELECT ses_message_id FROM emails WHERE id = $1", Long.parseLong(id))
        .iterator().next().getString(0);
    assertThat(ses.emails()).anySatisfy(stored -> assertThat(stored).isInstanceOfSatisfying(JsonObject.class,
        json -> assertThat(json.getString("messageId")).isEqualTo(sesMessageId)));
  }

  @Test
  void theBounceSimulatorAddressBounces() {
    JsonObject email = awaitStatus(send("bounce@simulator.amazonses.com"), "BOUNCED");
    assertThat(email.getString("error_code")).isEqualTo("Hard bounce");
  }

  @Test
  void readinessIncludesTheQueue() {
    String ready = Eventually.await(Duration.ofSeconds(15), "readiness to report the queue UP",
        () -> TestPostbox.await(postbox.http.get("/health/ready").send()).bodyAsString(),
        body -> body.contains("{\"id\":\"sqs\",\"status\":\"UP\"}"));
    assertThat(new JsonObject(ready).getJsonArray("checks"))
        .contains(new JsonObject().put("id", "sqs").put("status", "UP"));
  }

  private static String send(String recipient) {
    HttpResponse<Buffer> response = postbox.send(user, new JsonObject().put("recipient", recipient)
        .put("subject", "Through the AWS path").put("body", "<p>Hello</p>"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject().getString("id");
  }

  private static JsonObject awaitStatus(String id, String status) {
    return Eventually.await(Duration.ofSeconds(15), "email " + id + " to be " + status,
        () -> postbox.get(user, "/v1/transactional/email/" + id).bodyAsJsonObject(),
        email -> status.equals(email.getString("status")));
  }
}
