package io.postbox.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which emails of aws-ses-v2-local's {@code GET /store} listings were not seen before. Each stored email has a
 * {@code messageId} and its arrival second {@code at}; listing with {@code ?since=}{@link #since()} keeps listings
 * short, and only the ids of that last second need remembering.
 */
final class NewEmails {
  private final Map<String, Long> seenAt = new HashMap<>();
  private long since;

  /** The epoch second to list from: the arrival second of the newest email seen. */
  long since() {
    return since;
  }

  /** The emails of {@code listing} not returned before, in listing order. */
  List<JsonObject> of(JsonArray listing) {
    List<JsonObject> fresh = new ArrayList<>();
    for (Object entry : listing) {
      JsonObject email = (JsonObject) entry;
      long at = email.getLong("at", 0L);
      if (seenAt.putIfAbsent(email.getString("messageId"), at) == null) {
        fresh.add(email);
      }
      since = Math.max(since, at);
    }
    seenAt.values().removeIf(at -> at < since);
    return fresh;
  }
}
