package io.postbox.api;

import io.postbox.contract.ControlCharacters;
import io.postbox.contract.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The {@code send_at} of SPEC §30: an ISO-8601 date-time (no zone means UTC) at least 1 minute and at most 30 days
 * ahead, normalised to the millisecond form of §1. Left out of the normalised request when absent, so that the
 * fingerprint of an unscheduled send is what it always was.
 */
final class SendAt {
  static final String MESSAGE = "\"send_at\" must be between 1 minute and 30 days from now";
  static final Duration EARLIEST = Duration.ofMinutes(1);
  static final Duration LATEST = Duration.ofDays(30);

  private SendAt() {
  }

  static String check(String name, Object value, JsonObject out) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      return MESSAGE;
    }
    String failure = ControlCharacters.check(name, text);
    if (failure != null) {
      return failure;
    }
    Instant at = parse(text.trim());
    Instant now = Instant.now();
    if (at == null || at.isBefore(now.plus(EARLIEST)) || at.isAfter(now.plus(LATEST))) {
      return MESSAGE;
    }
    out.put(name, Timestamps.format(at.truncatedTo(ChronoUnit.MILLIS)));
    return null;
  }

  private static Instant parse(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException withoutZone) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notADateTime) {
        return null;
      }
    }
  }
}
