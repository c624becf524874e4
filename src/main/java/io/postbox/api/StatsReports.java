package io.postbox.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The response of SPEC §18 from the store's counts: each group keeps {@code month}/{@code tag} when grouped by
 * them, then {@code total}, {@code counts} (every status, 0 when none), {@code human_opened}, {@code clicked} and
 * the four rates, rounded half-up to 4 decimals, null when their denominator is 0. Without {@code group_by} there
 * is exactly one group, all zeros on an empty window.
 */
final class StatsReports {
  private StatsReports() {
  }

  static JsonObject of(JsonObject query, JsonObject counted) {
    JsonArray groupBy = query.getJsonArray("group_by");
    JsonArray groups = new JsonArray();
    for (Object group : counted.getJsonArray("groups")) {
      groups.add(group((JsonObject) group));
    }
    if (groupBy.isEmpty() && groups.isEmpty()) {
      groups.add(group(new JsonObject()));
    }
    return new JsonObject()
        .put("from", query.getString("from"))
        .put("to", query.getString("to"))
        .put("group_by", groupBy)
        .put("data", groups);
  }

  /** SPEC §30: counted beside the statuses of §18. */
  static final List<String> SCHEDULING_STATUSES = List.of("SCHEDULED", "CANCELLED");

  static JsonObject group(JsonObject counted) {
    JsonObject group = new JsonObject();
    if (counted.containsKey("month")) {
      group.put("month", counted.getString("month"));
    }
    if (counted.containsKey("tag")) {
      group.put("tag", counted.getString("tag"));
    }
    JsonObject countedStatuses = counted.getJsonObject("counts", new JsonObject());
    JsonObject counts = new JsonObject();
    for (String status : ListQueryValidator.STATUSES) {
      counts.put(status, countedStatuses.getLong(status, 0L));
    }
    for (String status : SCHEDULING_STATUSES) {
      counts.put(status, countedStatuses.getLong(status, 0L));
    }
    long accepted = counted.getLong("accepted", 0L);
    long delivered = counted.getLong("delivered", 0L);
    long humanOpened = counted.getLong("human_opened", 0L);
    return group
        .put("total", counted.getLong("total", 0L))
        .put("counts", counts)
        .put("human_opened", humanOpened)
        .put("clicked", counted.getLong("clicked", 0L))
        .put("rates", new JsonObject()
            .put("delivery", rate(delivered, accepted))
            .put("bounce", rate(counted.getLong("bounced", 0L), accepted))
            .put("complaint", rate(counted.getLong("complained", 0L), delivered))
            .put("open", rate(humanOpened, delivered)));
  }

  /** {@code part / whole} to 4 decimals (half-up), or null when {@code whole} is 0. */
  static Double rate(long part, long whole) {
    if (whole == 0) {
      return null;
    }
    return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP).doubleValue();
  }
}
