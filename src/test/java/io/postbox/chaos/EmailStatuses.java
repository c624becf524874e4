package io.postbox.chaos;

import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Where a set of emails stands, read straight from the database (not through the node under attack). */
final class EmailStatuses {
  private final Map<String, Long> byStatus;
  private final long complete;

  private EmailStatuses(Map<String, Long> byStatus, long complete) {
    this.byStatus = byStatus;
    this.complete = complete;
  }

  /**
   * Counts {@code ids} by status; an email is complete when it has {@code status} and the {@code *_at} columns
   * named (so that every event the status needs was applied, not only the last one).
   */
  static EmailStatuses read(ChaosContext context, List<Long> ids, String status, String... requiredTimes) {
    String completeWhen = "status = $2" + java.util.Arrays.stream(requiredTimes)
        .map(column -> " AND " + column + " IS NOT NULL").collect(Collectors.joining());
    Map<String, Long> byStatus = new TreeMap<>();
    long complete = 0;
    for (Row row : context.sql("SELECT status, (" + completeWhen + ") AS complete, count(*) FROM emails "
        + "WHERE id = ANY($1) GROUP BY 1, 2", ids.toArray(Long[]::new), status)) {
      byStatus.merge(row.getString(0), row.getLong(2), Long::sum);
      if (row.getBoolean(1)) {
        complete += row.getLong(2);
      }
    }
    long missing = ids.size() - byStatus.values().stream().mapToLong(Long::longValue).sum();
    if (missing > 0) {
      byStatus.put("missing", missing);
    }
    return new EmailStatuses(byStatus, complete);
  }

  /** Polls until every one of {@code ids} is complete or {@code timeoutMillis} passed; returns the last reading. */
  static EmailStatuses await(ChaosContext context, List<Long> ids, long timeoutMillis, String status,
      String... requiredTimes) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    EmailStatuses statuses = read(context, ids, status, requiredTimes);
    while (statuses.complete < ids.size() && System.currentTimeMillis() < deadline) {
      Thread.sleep(250);
      statuses = read(context, ids, status, requiredTimes);
    }
    return statuses;
  }

  long complete() {
    return complete;
  }

  String summary() {
    return byStatus.isEmpty() ? "none" : byStatus.entrySet().stream()
        .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(" "));
  }
}
