package io.postbox.api;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes an {@code application/x-www-form-urlencoded} body strictly: a bad {@code %} escape or bytes that are not
 * UTF-8 (raw or escaped, overlong forms included) make it unreadable rather than turning into U+FFFD.
 */
final class FormUrlEncoded {
  private FormUrlEncoded() {
  }

  /** Names in order of first appearance, each with its values in order; empty when the body is unreadable. */
  static Optional<Map<String, List<String>>> decode(byte[] body) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start, body.length);
      if (end > start) {
        int nameEnd = indexOf(body, (byte) '=', start, end);
        Optional<String> name = component(body, start, nameEnd);
        Optional<String> value = nameEnd < end ? component(body, nameEnd + 1, end) : Optional.of("");
        if (name.isEmpty() || value.isEmpty()) {
          return Optional.empty();
        }
        fields.computeIfAbsent(name.get(), ignored -> new ArrayList<>()).add(value.get());
      }
      start = end + 1;
    }
    return Optional.of(fields);
  }

  private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return to;
  }

  private static Optional<String> component(byte[] body, int from, int to) {
    ByteArrayOutputStream decoded = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '+') {
        decoded.write(' ');
      } else if (b == '%') {
        int high = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
        int low = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
        if (high < 0 || low < 0) {
          return Optional.empty();
        }
        decoded.write(high << 4 | low);
        i += 2;
      } else {
        decoded.write(b);
      }
    }
    return Utf8Text.decode(decoded.toByteArray());
  }
}
