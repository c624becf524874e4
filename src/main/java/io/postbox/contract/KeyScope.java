package io.postbox.contract;

import java.util.Locale;

/** What an API key may do (SPEC §28): everything, only send, or only read. */
public enum KeyScope {
  FULL, SEND, READ;

  /** The forbidden answer of SPEC §28. */
  public static ApiError forbidden() {
    return new ApiError(403, "unauthorized", "This API key is not allowed to do this");
  }

  /** {@code full}, {@code send} or {@code read}; null for anything else. */
  public static KeyScope parse(String text) {
    if (text == null) {
      return null;
    }
    for (KeyScope scope : values()) {
      if (scope.label().equals(text)) {
        return scope;
      }
    }
    return null;
  }

  /** As stored and shown: lowercase. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code sends}: the request sends email (single or batch); {@code reads}: it only reads (GET). */
  public boolean allows(boolean sends, boolean reads) {
    return switch (this) {
      case FULL -> true;
      case SEND -> sends;
      case READ -> reads;
    };
  }
}
