package io.postbox.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Whether text from an ingested event may be stored (SPEC §24): no C0 control character other than TAB, CR and
 * LF (a NUL cannot even be held by a PostgreSQL text column), and no half of a surrogate pair (which UTF-8 cannot
 * carry).
 */
public final class EventText {
  /** The reject reason of an event whose text breaks this rule. */
  public static final String INVALID_CHARACTERS = "invalid_characters";

  private EventText() {
  }

  public static boolean isClean(String text) {
    if (text == null) {
      return true;
    }
    if (ControlCharacters.present(text)) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      }
    }
    return true;
  }

  /** {@link #isClean(String)} for every key and string value of a decoded JSON value, however deep. */
  public static boolean isCleanJson(Object value) {
    if (value instanceof String text) {
      return isClean(text);
    }
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        if (!isClean(entry.getKey()) || !isCleanJson(entry.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof JsonArray array) {
      for (Object element : array) {
        if (!isCleanJson(element)) {
          return false;
        }
      }
    }
    return true;
  }
}
