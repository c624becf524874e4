package io.postbox.store;

import io.vertx.core.json.JsonObject;

/**
 * SPEC §31: how long content and emails are kept (days by {@code created_at}; 0 keeps for ever), and how the sweep
 * paces itself: {@code batchSize} rows per statement, {@code pauseMs} between statements, {@code idleSeconds}
 * between rounds that found nothing more to do.
 */
public record RetentionSettings(int contentDays, int deleteDays, int batchSize, long pauseMs, long idleSeconds) {
  public static final int MAX_DAYS = 3650;

  public static RetentionSettings from(JsonObject config) {
    JsonObject retention = config.getJsonObject("retention", new JsonObject());
    return new RetentionSettings(retention.getInteger("contentDays", 0), retention.getInteger("deleteDays", 0),
        retention.getInteger("batchSize", 500), retention.getLong("pauseMs", 100L),
        retention.getLong("idleSeconds", 60L));
  }
}
