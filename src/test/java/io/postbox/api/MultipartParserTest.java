package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The streaming multipart parser, the strict form decoder and strict UTF-8, without a server. */
class MultipartParserTest {
  private static final String TYPE = "multipart/form-data; boundary=XyZ";
  /** Bytes at the edges of UTF-8's ranges, so that random sequences hit the rules often. */
  private static final byte[] EDGES = {0x41, 0x7F, (byte) 0x80, (byte) 0x8F, (byte) 0x90, (byte) 0x9F, (byte) 0xA0,
      (byte) 0xBF, (byte) 0xC0, (byte) 0xC1, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0, (byte) 0xE1, (byte) 0xED,
      (byte) 0xEE, (byte) 0xEF, (byte) 0xF0, (byte) 0xF3, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF};

  /** Records parts as "name|fileName|content". */
  private static final class Recorder implements MultipartParser.Listener {
    final List<String> parts = new ArrayList<>();
    private Buffer current;
    private String head;

    @Override
    public void partBegin(String name, String fileName) {
      head = name + "|" + fileName + "|";
      current = Buffer.buffer();
    }

    @Override
    public void partData(Buffer data) {
      current.appendBuffer(data);
    }

    @Override
    public void partEnd() {
      parts.add(head + current.toString(StandardCharsets.UTF_8));
    }
  }

  private static List<String> parse(String contentType, String body, int chunkSize) {
    Recorder recorder = new Recorder();
    MultipartParser parser = MultipartParser.forContentType(contentType, recorder);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at < bytes.length; at += chunkSize) {
      parser.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunkSize))));
    }
    parser.end();
    return recorder.parts;
  }

  private static final String BODY = "preamble\r\n--XyZ\r\n"
      + "Content-Disposition: form-data; name=\"subject\"\r\n\r\nHello\r\n-XyZ wörld\r\n--Xy\r\n"
      + "--XyZ\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a;b.txt\"\r\n"
      + "Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n--XyZ\r\n"
      + "Content-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n--XyZ--\r\nepilogue";

  @Test
  void partsAreReadWhateverTheChunking() {
    List<String> expected = List.of("subject|null|Hello\r\n-XyZ wörld\r\n--Xy", "attachments|a;b.txt|line1\r\nline2",
        "empty|null|");
    for (int chunk : new int[] {1, 2, 3, 7, 16, 4096}) {
      assertThat(parse(TYPE, BODY, chunk)).as("chunks of " + chunk).isEqualTo(expected);
    }
    assertThat(parse("multipart/form-data; boundary=\"XyZ\"", BODY, 5)).isEqualTo(expected);
  }

  @Test
  void aBodyMayStartWithTheDelimiterAndHaveNoPreamble() {
    assertThat(parse(TYPE, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--", 3))
        .containsExactly("a|null|1");
  }

  @Test
  void aMissingOrEmptyOrOverlongBoundaryIsMalformed() {
    for (String type : List.of("multipart/form-data", "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"", "multipart/form-data; boundary=" + "b".repeat(71),
        "multipart/form-data; boundary=a\u0001b")) {
      assertThatThrownBy(() -> MultipartParser.forContentType(type, new Recorder())).as(type)
          .isInstanceOf(MultipartParser.MalformedException.class);
    }
  }

  @Test
  void foldedOrUnnamedOrOversizedPartHeadersAreMalformed() {
    String folded = "--XyZ\r\nContent-Disposition: form-data;\r\n name=\"subject\"\r\n\r\nx\r\n--XyZ--";
    String unnamed = "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--";
    String notForm = "--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--XyZ--";
    String huge = "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: " + "p".repeat(20_000) + "\r\n\r\nx";
    for (String body : List.of(folded, unnamed, notForm, huge)) {
      assertThatThrownBy(() -> parse(TYPE, body, 100)).isInstanceOf(MultipartParser.MalformedException.class);
    }
  }

  @Test
  void aBodyWithoutTheClosingDelimiterIsMalformed() {
    assertThatThrownBy(() -> parse(TYPE, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nx", 4))
        .isInstanceOf(MultipartParser.MalformedException.class);
    assertThatThrownBy(() -> parse(TYPE, "no delimiter at all", 4))
        .isInstanceOf(MultipartParser.MalformedException.class);
  }

  @Test
  void theParserHoldsOnlyADelimiterOfUnreportedData() {
    List<Integer> sizes = new ArrayList<>();
    MultipartParser parser = MultipartParser.forContentType(TYPE, new MultipartParser.Listener() {
      @Override
      public void partBegin(String name, String fileName) {
      }

      @Override
      public void partData(Buffer data) {
        sizes.add(data.length());
      }

      @Override
      public void partEnd() {
      }
    });
    parser.feed(Buffer.buffer("--XyZ\r\nContent-Disposition: form-data; name=a; filename=f\r\n\r\n"));
    Buffer mebibyte = Buffer.buffer(new byte[1024 * 1024]);
    for (int i = 0; i < 20; i++) {
      parser.feed(mebibyte);
    }
    // all but the last delimiter length - 1 bytes were handed on
    assertThat(sizes.stream().mapToLong(Integer::longValue).sum())
        .isEqualTo(20L * 1024 * 1024 - "\r\n--XyZ".length() + 1);
  }

  @Test
  void formBodiesAreDecodedStrictly() {
    Optional<Map<String, List<String>>> decoded =
        FormUrlEncoded.decode("a=1&b=x+y%2Bz&a=2&&c&d=%C3%A9".getBytes(StandardCharsets.US_ASCII));
    assertThat(decoded).hasValue(Map.of("a", List.of("1", "2"), "b", List.of("x y+z"), "c", List.of(""),
        "d", List.of("é")));
    assertThat(decoded.orElseThrow().keySet()).containsExactly("a", "b", "c", "d");
    for (String bad : List.of("a=%", "a=%4", "a=%zz", "a=%C0%AF", "a=%E0%80%AF", "a=%ED%A0%80", "a=%FF")) {
      assertThat(FormUrlEncoded.decode(bad.getBytes(StandardCharsets.US_ASCII))).as(bad).isEmpty();
    }
    assertThat(FormUrlEncoded.decode(new byte[] {'a', '=', (byte) 0xC0, (byte) 0xAF})).isEmpty();
  }

  @Test
  void overlongFormsAndSurrogatesAreNotUtf8() {
    assertThat(Utf8Text.decode("ok é 😀".getBytes(StandardCharsets.UTF_8))).hasValue("ok é 😀");
    for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
        new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xFF})) {
      assertThat(Utf8Text.decode(bad)).isEmpty();
      assertThat(Utf8Text.isValid(Buffer.buffer(bad))).isFalse();
    }
    assertThat(Utf8Text.isValid(Buffer.buffer("ok é 😀 \uFFFF \uD7FF".getBytes(StandardCharsets.UTF_8)))).isTrue();
  }

  @Test
  void checkingInPlaceAgreesWithStrictDecoding() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 200_000; i++) {
      byte[] bytes = new byte[random.nextInt(6)];
      for (int j = 0; j < bytes.length; j++) {
        bytes[j] = random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : (byte) random.nextInt(256);
      }
      assertThat(Utf8Text.isValid(Buffer.buffer(bytes))).as(java.util.HexFormat.of().formatHex(bytes))
          .isEqualTo(Utf8Text.decode(bytes).isPresent());
    }
  }
}
