package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.RawHttp;
import io.postbox.support.RawHttp.Exchange;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §24 body rules on a running node, over plain sockets: limits are counted while the body streams, the answer
 * comes as soon as one is passed, the rest of the body is not read and the connection is closed.
 */
class BodyLimitsTest {
  private static final long MIB = 1024 * 1024;
  private static final String BOUNDARY = "limits-boundary";
  private static TestPostbox postbox;
  private static int port;
  private static TestUser user;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(
        Map.of("POSTBOX_CALLBACK_ENABLED", "true", "POSTBOX_CALLBACK_BASIC_AUTH", "sns:s3cret"));
    port = postbox.config.getJsonObject("http").getInteger("port");
    user = postbox.createUser("limits", 1000);
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static String sendHead(String contentType, String framing) {
    return "POST /v1/transactional/email/send HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + user.apiKey()
        + "\r\nContent-Type: " + contentType + "\r\n" + framing;
  }

  private static Exchange sendWhole(String contentType, byte[] body) throws Exception {
    return RawHttp.exchange(port, sendHead(contentType, "Content-Length: " + body.length), out -> out.write(body));
  }

  private static byte[] textPart(String name, byte[] value) {
    ByteArrayOutputStream part = new ByteArrayOutputStream();
    part.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    part.writeBytes(value);
    part.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return part.toByteArray();
  }

  private static byte[] multipart(byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      body.writeBytes(part);
    }
    body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return body.toByteArray();
  }

  private static byte[] validFields() {
    return multipart(textPart("recipient", ascii("someone@example.com")), textPart("subject", ascii("Hi")),
        textPart("body", ascii("<p>x</p>")));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static void assertRefusedAndClosed(Exchange exchange, int status, String code, String message) {
    assertThat(exchange.status()).as(exchange.headers() + exchange.body()).isEqualTo(status);
    assertThat(exchange.json()).isEqualTo(new JsonObject().put("code", code).put("message", message));
    assertThat(exchange.headers()).containsIgnoringCase("connection: close");
    assertThat(exchange.closedByServer()).as("connection closed by the server").isTrue();
  }

  /** Writes {@code total} bytes of a multipart body of 5 MiB attachment parts, generated as it goes. */
  private static void endlessAttachments(OutputStream out, long total) throws java.io.IOException {
    byte[] data = new byte[64 * 1024];
    long written = 0;
    int part = 0;
    while (written < total) {
      byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"f" + part++
          + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      out.write(head);
      written += head.length;
      for (int i = 0; i < 5 * MIB / data.length; i++) {
        out.write(data);
        written += data.length;
      }
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Test
  void aStreamedMultipartBodyOverFiftyOneMebibytesIsRefusedWithoutReadingTheRest() throws Exception {
    Exchange exchange = RawHttp.exchange(port,
        sendHead("multipart/form-data; boundary=" + BOUNDARY, "Transfer-Encoding: chunked"), out -> {
          OutputStream chunked = RawHttp.chunked(out);
          endlessAttachments(chunked, 400 * MIB);
          chunked.close();
        });
    assertRefusedAndClosed(exchange, 400, "malformed", "Malformed request body");
    // 51 MiB read, plus what socket buffers on both sides took in before the server stopped reading
    assertThat(exchange.bodyBytesWritten()).isGreaterThan(51 * MIB).isLessThan(100 * MIB);
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() throws Exception {
    Exchange exchange = RawHttp.exchange(port,
        sendHead("multipart/form-data; boundary=" + BOUNDARY, "Content-Length: " + 400 * MIB),
        out -> endlessAttachments(out, 400 * MIB));
    assertRefusedAndClosed(exchange, 400, "malformed", "Malformed request body");
    assertThat(exchange.bodyBytesWritten()).isLessThan(40 * MIB);
  }

  @Test
  void aStreamedJsonBodyOverTenMebibytesIsRefusedWithoutReadingTheRest() throws Exception {
    Exchange exchange = RawHttp.exchange(port, sendHead("application/json", "Transfer-Encoding: chunked"), out -> {
      OutputStream chunked = RawHttp.chunked(out);
      chunked.write(ascii("{\"recipient\":\"a@example.com\",\"subject\":\"s\",\"body\":\""));
      byte[] filler = ascii("x".repeat(65536));
      for (int i = 0; i < 200 * MIB / filler.length; i++) {
        chunked.write(filler);
      }
      chunked.write(ascii("\"}"));
      chunked.close();
    });
    assertRefusedAndClosed(exchange, 400, "malformed", "Malformed request body");
    assertThat(exchange.bodyBytesWritten()).isLessThan(60 * MIB);
  }

  @Test
  void moreThanOneHundredPartsAreRefused() throws Exception {
    byte[][] parts = new byte[101][];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = textPart("cc", ascii("c" + i + "@example.com"));
    }
    assertRefusedAndClosed(sendWhole("multipart/form-data; boundary=" + BOUNDARY, multipart(parts)),
        400, "malformed", "Malformed request body");
  }

  @Test
  void aTextPartOverOneMebibyteIsRefusedForItsField() throws Exception {
    byte[] tooLong = ascii("x".repeat(1_048_577));
    assertRefusedAndClosed(sendWhole("multipart/form-data; boundary=" + BOUNDARY, multipart(
        textPart("recipient", ascii("someone@example.com")), textPart("body", tooLong))), 400, "api_validation",
        "body is a required string whose size must be less than or equal to 1MB in UTF-8 encoding");
    assertRefusedAndClosed(sendWhole("multipart/form-data; boundary=" + BOUNDARY, multipart(
        textPart("subject", tooLong))), 400, "api_validation",
        "\"subject\" length must be less than or equal to 1048576 characters long");
  }

  @Test
  void anEmptyBoundaryOrAFoldedPartHeaderIsMalformed() throws Exception {
    assertRefusedAndClosed(sendWhole("multipart/form-data; boundary=", validFields()),
        400, "malformed", "Malformed request body");
    byte[] folded = ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data;\r\n name=\"recipient\"\r\n\r\n"
        + "someone@example.com\r\n--" + BOUNDARY + "--\r\n");
    assertRefusedAndClosed(sendWhole("multipart/form-data; boundary=" + BOUNDARY, folded),
        400, "malformed", "Malformed request body");
  }

  @Test
  void aWellFormedMultipartSendStillWorksOverTheSameParser() throws Exception {
    Exchange exchange = sendWhole("multipart/form-data; boundary=" + BOUNDARY, validFields());
    assertThat(exchange.status()).as(exchange.body()).isEqualTo(201);
    assertThat(exchange.json().getString("recipient")).isEqualTo("someone@example.com");
  }

  @Test
  void invalidUtf8InAnyBodyIsMalformed() throws Exception {
    byte[] overlongSlash = {(byte) 0xC0, (byte) 0xAF};
    byte[] overlongThree = {(byte) 0xE0, (byte) 0x80, (byte) 0xAF};
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    json.writeBytes(ascii("{\"recipient\":\"someone@example.com\",\"subject\":\"a"));
    json.writeBytes(overlongSlash);
    json.writeBytes(ascii("\",\"body\":\"b\"}"));
    String malformed = "Malformed request body";
    assertThat(sendWhole("application/json", json.toByteArray()).json().getString("message")).isEqualTo(malformed);

    byte[] escaped = ascii("recipient=someone%40example.com&subject=%E0%80%AF&body=b");
    assertThat(sendWhole("application/x-www-form-urlencoded", escaped).json().getString("message"))
        .isEqualTo(malformed);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.writeBytes(ascii("recipient=someone%40example.com&body=b&subject="));
    raw.writeBytes(overlongThree);
    assertThat(sendWhole("application/x-www-form-urlencoded", raw.toByteArray()).json().getString("message"))
        .isEqualTo(malformed);

    Exchange multipart = sendWhole("multipart/form-data; boundary=" + BOUNDARY, multipart(
        textPart("recipient", ascii("someone@example.com")), textPart("subject", overlongThree),
        textPart("body", ascii("b"))));
    assertThat(multipart.status()).isEqualTo(400);
    assertThat(multipart.json()).isEqualTo(new JsonObject().put("code", "malformed").put("message", malformed));
  }

  @Test
  void aCallbackBodyOverTenMebibytesIsRefusedWhileStreaming() throws Exception {
    String head = "POST /v1/callback/email HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
        + "Authorization: Basic " + Base64.getEncoder().encodeToString(ascii("sns:s3cret"))
        + "\r\nTransfer-Encoding: chunked";
    Exchange exchange = RawHttp.exchange(port, head, out -> {
      OutputStream chunked = RawHttp.chunked(out);
      byte[] filler = new byte[65536];
      for (int i = 0; i < 300 * MIB / filler.length; i++) {
        chunked.write(filler);
      }
      chunked.close();
    });
    assertRefusedAndClosed(exchange, 413, "payload_too_large", "Request body is too large");
    assertThat(exchange.bodyBytesWritten()).isLessThan(60 * MIB);
  }

  @Test
  void aSmallBodyAfterAnEarlyRefusalIsReadSoTheConnectionStaysOpen() throws Exception {
    byte[] body = new JsonObject().put("recipient", "someone@example.com").toBuffer().getBytes();
    Exchange exchange = RawHttp.exchange(port, "POST /v1/transactional/email/send HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Authorization: Bearer nope\r\nContent-Type: application/json\r\nContent-Length: " + body.length,
        out -> out.write(body));
    assertThat(exchange.status()).isEqualTo(401);
    assertThat(exchange.closedByServer()).isFalse();
  }
}
