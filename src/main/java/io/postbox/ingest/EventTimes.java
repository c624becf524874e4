package io.postbox.ingest;

import io.postbox.contract.Timestamps;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** SES times (ISO-8601 with {@code Z} or an offset) in the one API format: UTC, milliseconds, {@code Z}. */
final class EventTimes {
  private EventTimes() {
  }

  static String normalize(String asReceived, String path) {
    String normalized = normalizeOrNull(asReceived);
    if (normalized == null) {
      throw new MalformedSesEvent(path + " is not an ISO-8601 time with offset: " + asReceived);
    }
    return normalized;
  }

  /** For times that are details, not the event time: a bad one is kept as received rather than failing the event. */
  static String normalizeOrKeep(String asReceived) {
    String normalized = normalizeOrNull(asReceived);
    return normalized == null ? asReceived : normalized;
  }

  private static String normalizeOrNull(String asReceived) {
    if (asReceived == null) {
      return null;
    }
    try {
      return Timestamps.format(OffsetDateTime.parse(asReceived).toInstant());
    } catch (DateTimeParseException notIso) {
      return null;
    }
  }
}
