package io.postbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.LocalSes;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attachments travel from the HTTP body to SES as bytes inside the send command (no base64 in between): what SES
 * receives is, byte for byte, what the client uploaded, for each file and in upload order.
 */
class AttachmentsToSesTest {
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
  void twoAttachmentsReachSesWithTheirExactBytes() {
    TestUser user = postbox.createUser("attaching");
    TestPostbox.await(postbox.admin.verifyFrom(user.id(), user.email()));
    byte[] pdf = pdfHoldingEveryByteValue();
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, (byte) 0xFF};
    String subject = "Attachments " + UUID.randomUUID();
    MultipartForm form = MultipartForm.create()
        .attribute("recipient", "someone@example.com").attribute("subject", subject)
        .attribute("body", "<p>Two files</p>").attribute("from", user.email())
        .binaryFileUpload("attachments", "every-byte.pdf", Buffer.buffer(pdf), "application/pdf")
        .binaryFileUpload("attachments", "pixel.png", Buffer.buffer(png), "image/png");

    HttpResponse<Buffer> response = TestPostbox.await(postbox.post("/v1/transactional/email/send", user)
        .sendMultipartForm(form));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getJsonArray("attachments_metadata")).hasSize(2);
    JsonArray attachments = receivedBySes(subject).getJsonArray("attachments");
    assertThat(attachments).hasSize(2);
    assertThat(attachments.getJsonObject(0).getString("filename")).isEqualTo("every-byte.pdf");
    assertThat(Base64.getDecoder().decode(attachments.getJsonObject(0).getString("content"))).isEqualTo(pdf);
    assertThat(attachments.getJsonObject(1).getString("filename")).isEqualTo("pixel.png");
    assertThat(Base64.getDecoder().decode(attachments.getJsonObject(1).getString("content"))).isEqualTo(png);
  }

  private static byte[] pdfHoldingEveryByteValue() {
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    pdf.writeBytes("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII));
    for (int value = 0; value < 256; value++) {
      pdf.write(value);
    }
    pdf.writeBytes("\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
    return pdf.toByteArray();
  }

  /** The send answered 201 only after SES took the message, so it is in the fake's store already. */
  private static JsonObject receivedBySes(String subject) {
    JsonArray emails = ses.emails();
    for (int i = 0; i < emails.size(); i++) {
      if (subject.equals(emails.getJsonObject(i).getString("subject"))) {
        return emails.getJsonObject(i);
      }
    }
    throw new AssertionError("SES received no email with subject " + subject + ": " + emails.encodePrettily());
  }
}
