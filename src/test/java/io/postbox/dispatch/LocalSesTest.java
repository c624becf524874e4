package io.postbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.dispatch.MimeMessageFactory.OutgoingEmail;
import io.postbox.support.LocalSes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real MIME message through {@link SesV2Gateway} into aws-ses-v2-local. The emulator keeps neither tags nor the
 * configuration set; {@link SesV2GatewayTest} holds those.
 */
class LocalSesTest {
  private static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);

  private static LocalSes localSes;
  private static Vertx vertx;
  private static SesV2Gateway gateway;

  @BeforeAll
  static void start() {
    localSes = LocalSes.start();
    vertx = Vertx.vertx();
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAPOSTBOXTEST", "postbox-test-secret"));
    gateway = new SesV2Gateway(vertx,
        SesV2Gateway.client(new SesSettings("us-east-1", localSes.endpoint(), 14), credentials),
        new LocalSendSlots(vertx, 14), SesRetryPolicy.SPEC);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (localSes != null) {
      localSes.close();
    }
  }

  @Test
  void aFullMessageArrivesWithEveryPart() throws Exception {
    byte[] raw = new MimeMessageFactory().build(new OutgoingEmail(
        "Postbox Team <no-reply@example.gov>", "alice@example.com",
        List.of("bob@example.com"), List.of("dave@example.com"), "help@example.gov",
        "Your receipt №42", "<p>Hello <b>Alice</b></p>",
        List.of(new AttachmentFile("receipt.pdf", PDF)), false));

    String messageId = sendFromEventLoop(raw);

    JsonObject email = stored(messageId);
    assertThat(email.getString("from")).contains("Postbox Team").contains("<no-reply@example.gov>");
    JsonObject destination = email.getJsonObject("destination");
    assertThat(destination.getJsonArray("to")).containsExactly("alice@example.com");
    assertThat(destination.getJsonArray("cc")).containsExactly("bob@example.com");
    assertThat(destination.getJsonArray("bcc")).containsExactly("dave@example.com");
    assertThat(email.getJsonArray("replyTo")).containsExactly("help@example.gov");
    assertThat(email.getString("subject")).isEqualTo("Your receipt №42");
    assertThat(email.getJsonObject("body").getString("html")).contains("<p>Hello <b>Alice</b></p>");
    JsonArray attachments = email.getJsonArray("attachments");
    assertThat(attachments).hasSize(1);
    JsonObject attachment = attachments.getJsonObject(0);
    assertThat(attachment.getString("filename")).isEqualTo("receipt.pdf");
    assertThat(attachment.getString("contentType")).isEqualTo("application/pdf");
    assertThat(Base64.getDecoder().decode(attachment.getString("content"))).isEqualTo(PDF);
  }

  private static String sendFromEventLoop(byte[] raw) throws Exception {
    CompletableFuture<String> messageId = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(go -> gateway.send(raw, "777", "postbox-tracking")
        .onSuccess(messageId::complete)
        .onFailure(messageId::completeExceptionally));
    return messageId.get(15, TimeUnit.SECONDS);
  }

  private static JsonObject stored(String messageId) {
    JsonArray emails = localSes.emails();
    for (int i = 0; i < emails.size(); i++) {
      if (messageId.equals(emails.getJsonObject(i).getString("messageId"))) {
        return emails.getJsonObject(i);
      }
    }
    throw new AssertionError("no email " + messageId + " in the store: " + emails.encodePrettily());
  }
}
