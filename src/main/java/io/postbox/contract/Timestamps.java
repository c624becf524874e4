package io.postbox.contract;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The one timestamp format of SPEC §1: ISO-8601 UTC, three fractional digits, {@code Z}. */
public final class Timestamps {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {
  }

  public static String format(Instant instant) {
    return instant == null ? null : FORMAT.format(instant);
  }

  public static String format(OffsetDateTime time) {
    return time == null ? null : FORMAT.format(time);
  }

  public static Instant parse(String iso) {
    return iso == null ? null : Instant.parse(iso);
  }

  public static Instant nowMillis() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
