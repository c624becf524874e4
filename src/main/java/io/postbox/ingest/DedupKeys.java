package io.postbox.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The dedup key of SPEC §11.4: lowercase hex SHA-256 of five newline-separated parts, nulls as empty. */
final class DedupKeys {
  private DedupKeys() {
  }

  static String of(String sesType, String messageId, String eventTimeAsReceived, String recipientAsReceived,
      String extra) {
    String joined = String.join("\n", sesType, messageId, eventTimeAsReceived, orEmpty(recipientAsReceived),
        orEmpty(extra));
    return HexFormat.of().formatHex(sha256().digest(joined.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code a|b|c} with each null part empty: the extra of opens and clicks. */
  static String extra(String... parts) {
    String[] present = new String[parts.length];
    for (int i = 0; i < parts.length; i++) {
      present[i] = orEmpty(parts[i]);
    }
    return String.join("|", present);
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException everyJavaHasIt) {
      throw new IllegalStateException(everyJavaHasIt);
    }
  }
}
