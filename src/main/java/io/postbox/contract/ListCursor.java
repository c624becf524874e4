package io.postbox.contract;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * The {@code cursor} of an email list (SPEC §25): where the last row of a page stands in the sort order (its sort
 * key, to the microsecond PostgreSQL keeps, and its id), and the binding of the filters and sort that made the page.
 * The api reads it and checks the binding; the store writes it for the next page. Its text is base64url JSON, which
 * callers must treat as opaque.
 */
public record ListCursor(long sortKeyMicros, long id, String binding) {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  public static ListCursor after(OffsetDateTime sortKey, long id, String binding) {
    Instant instant = sortKey.toInstant();
    return new ListCursor(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
        instant.getNano() / 1000), id, binding);
  }

  public OffsetDateTime sortKey() {
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(sortKeyMicros, 1_000_000L),
        Math.floorMod(sortKeyMicros, 1_000_000L) * 1000L);
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  public String encode() {
    String json = new JsonObject().put("k", sortKeyMicros).put("i", id).put("b", binding).encode();
    return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor a text holds; null when it is not one this class wrote. */
  public static ListCursor decode(String text) {
    try {
      JsonObject json = new JsonObject(new String(DECODER.decode(text), StandardCharsets.UTF_8));
      if (json.size() != 3 || !isLong(json.getValue("k")) || !isLong(json.getValue("i"))
          || !(json.getValue("b") instanceof String binding)) {
        return null;
      }
      ListCursor cursor = new ListCursor(json.getLong("k"), json.getLong("i"), binding);
      // a sort key PostgreSQL could not hold is no position of any row
      int year = cursor.sortKey().getYear();
      return year < 1 || year > 9999 ? null : cursor;
    } catch (IllegalArgumentException | DecodeException | ClassCastException | DateTimeException e) {
      return null;
    }
  }

  private static boolean isLong(Object value) {
    return value instanceof Integer || value instanceof Long;
  }
}
