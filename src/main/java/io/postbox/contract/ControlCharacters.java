package io.postbox.contract;

import java.util.List;

/**
 * SPEC §24: a text field, query value or path id must not hold a C0 control character other than TAB, CR and
 * LF. CR and LF stay subject to the field's own rules (an email address, for instance, refuses them).
 *
 * <p>Where it sits in each field's rules, everywhere: after the field's presence and type checks and its maximum
 * length, before its format or value rules. So a huge value is refused by its length without being scanned, and a
 * value with a control character is reported as such rather than as, say, an invalid email.
 */
public final class ControlCharacters {
  private ControlCharacters() {
  }

  /** True when {@code text} holds U+0000–U+001F other than TAB, LF and CR. */
  public static boolean present(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return true;
      }
    }
    return false;
  }

  /** The §24 message for {@code field}, e.g. {@code "tag" must not contain control characters}. */
  public static String message(String field) {
    return "\"" + field + "\" must not contain control characters";
  }

  /** The message when {@code value} holds a control character, else null; null values pass. */
  public static String check(String field, String value) {
    return value != null && present(value) ? message(field) : null;
  }

  /** As {@link #check(String, String)} for every value of a query parameter. */
  public static String check(String field, List<String> values) {
    if (values != null) {
      for (String value : values) {
        String failure = check(field, value);
        if (failure != null) {
          return failure;
        }
      }
    }
    return null;
  }
}
