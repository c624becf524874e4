package io.postbox.api;

import java.util.ArrayList;
import java.util.List;

/** Splits header values such as {@code form-data; name="a;b"} at the semicolons outside quoted strings. */
final class HeaderParameters {
  private HeaderParameters() {
  }

  /** The value first, then each {@code key=value} parameter as written; never empty. */
  static List<String> split(String headerValue) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < headerValue.length(); i++) {
      char c = headerValue.charAt(i);
      if (quoted && c == '\\' && i + 1 < headerValue.length()) {
        current.append(c).append(headerValue.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ';' && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  /** A quoted string without its quotes and backslash escapes; a token as it is. */
  static String unquote(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    StringBuilder unquoted = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() - 1) {
        c = value.charAt(++i);
      }
      unquoted.append(c);
    }
    return unquoted.toString();
  }
}
