package io.postbox.api;

import io.postbox.contract.Schemas;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timestamp forms of the API (SPEC §1, §5): dates or date-times in, in the form of the {@code instant} of
 * {@code list-query.json}, whose pattern's groups this parser reads.
 */
final class IsoTimestamps {
  private static final Pattern DATE_OR_DATE_TIME = SchemaRules.of(Schemas.LIST_QUERY).definitionPattern("instant");

  private IsoTimestamps() {
  }

  /**
   * Reads {@code YYYY-MM-DD} (midnight UTC) or {@code YYYY-MM-DDTHH:mm[:ss[.fraction]][zone]} with
   * zone {@code Z}, {@code ±HH}, {@code ±HHmm} or {@code ±HH:mm}; no zone means UTC. With
   * {@code spaceMeansPlus}, a space before the offset stands for a {@code +} that a query string
   * decoded to a space. Returns null when the text is none of these or names no real instant.
   */
  static Instant parse(String text, boolean spaceMeansPlus) {
    if (text == null) {
      return null;
    }
    Matcher m = DATE_OR_DATE_TIME.matcher(spaceMeansPlus ? text.replace(' ', '+') : text);
    if (!m.matches()) {
      return null;
    }
    try {
      LocalDate date = LocalDate.of(number(m.group(1)), number(m.group(2)), number(m.group(3)));
      if (m.group(4) == null) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      LocalTime time = LocalTime.of(number(m.group(4)), number(m.group(5)),
          m.group(6) == null ? 0 : number(m.group(6)), nanos(m.group(7)));
      return OffsetDateTime.of(date, time, offset(m)).toInstant();
    } catch (DateTimeException notARealInstant) {
      return null;
    }
  }

  private static ZoneOffset offset(Matcher m) {
    if (m.group(9) == null) {
      return ZoneOffset.UTC;
    }
    int sign = "-".equals(m.group(9)) ? -1 : 1;
    int minutes = m.group(11) == null ? 0 : number(m.group(11));
    return ZoneOffset.ofHoursMinutes(sign * number(m.group(10)), sign * minutes);
  }

  private static int nanos(String fraction) {
    if (fraction == null) {
      return 0;
    }
    String nine = fraction.length() >= 9 ? fraction.substring(0, 9) : (fraction + "000000000").substring(0, 9);
    return Integer.parseInt(nine);
  }

  private static int number(String digits) {
    return Integer.parseInt(digits);
  }
}
