package io.postbox.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code ingest_rejects.raw_body} as text PostgreSQL can hold (SPEC §24): the body itself, unless it holds a NUL
 * (which a text column refuses) or half of a surrogate pair (which UTF-8 cannot carry); then {@code base64:}
 * followed by the base64 of its UTF-8 bytes.
 */
final class RawBodies {
  static final String BASE64_PREFIX = "base64:";

  private RawBodies() {
  }

  static String storable(String raw) {
    if (raw == null || isPlainText(raw)) {
      return raw;
    }
    return BASE64_PREFIX + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isPlainText(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 >= raw.length() || !Character.isLowSurrogate(raw.charAt(i + 1))) {
          return false;
        }
        i++;
      }
    }
    return true;
  }
}
