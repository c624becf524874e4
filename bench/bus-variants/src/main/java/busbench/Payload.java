package busbench;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/** The content of one send, built once: what the api module holds after parsing an HTTP body. */
public final class Payload {
  public static final long USER_ID = 42L;
  public static final String FROM = "Postbox Sender <sender@mail.example.com>";
  public static final List<String> TO = List.of("alice@example.org", "bob@example.net", "carol@example.com");
  public static final String SUBJECT = "Your order #123456 has shipped — tracking inside";
  public static final String HTML = repeat("<p>Hello <b>Alice</b>, your parcel is on its way. </p>\n", 4096);
  public static final String TEXT = repeat("Hello Alice, your parcel is on its way.\n", 2048);
  public static final List<String> TAGS = List.of("transactional", "shipping");
  public static final String ATTACHMENT_TYPE = "application/pdf";
  public static final List<String> ATTACHMENT_NAMES = List.of("invoice.pdf", "label.pdf");
  /** Two 100 KiB attachments, base64 as they arrive in the HTTP body. */
  public static final List<String> ATTACHMENTS_BASE64 = List.of(randomBase64(1), randomBase64(2));

  private Payload() {
  }

  /** Attachment {@code index} decoded from base64 as the api does once per send, wrapped without a copy. */
  public static Buffer decodedAttachment(int index) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(Base64.getDecoder().decode(ATTACHMENTS_BASE64.get(index))));
  }

  private static String repeat(String line, int length) {
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      text.append(line);
    }
    return text.substring(0, length);
  }

  private static String randomBase64(long seed) {
    byte[] bytes = new byte[100 * 1024];
    new Random(seed).nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
