package io.postbox.app.logging;

/**
 * SPEC §24: a log line never carries a raw control character from a request or an SNS envelope, so one event is
 * always one line. CR, LF and TAB become {@code \r}, {@code \n}, {@code \t}; other C0 and C1 controls, DEL and the
 * Unicode line and paragraph separators become {@code \}{@code uXXXX}.
 */
public final class LogText {
  private LogText() {
  }

  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int first = firstToEscape(text);
    if (first < 0) {
      return text;
    }
    StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\r' -> escaped.append("\\r");
        case '\n' -> escaped.append("\\n");
        case '\t' -> escaped.append("\\t");
        default -> {
          if (mustEscape(c)) {
            escaped.append(String.format("\\u%04x", (int) c));
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }

  private static int firstToEscape(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (mustEscape(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean mustEscape(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
