package io.postbox.store;

/**
 * The two halves of every statement that adds counts to {@code email_stats_hourly} from Java (the backfill, the
 * fold): its column list, and the upsert that adds a key's new counts to what the key holds. V013's triggers write
 * the same in SQL.
 */
final class HourlyRollupSql {
  /** Followed by a SELECT of one row per key, in these columns' order. */
  static final String INSERT = """
      INSERT INTO email_stats_hourly AS s (user_id, test, hour, tag, slot, total, unsent, accepted, sent,
        delivered_status, opened, bounced, complaint, scheduled, cancelled, delivered, complained, human_opened, clicked)""";

  static final String ADD_ON_CONFLICT = """
      ON CONFLICT ON CONSTRAINT email_stats_hourly_key DO UPDATE SET
        total = s.total + excluded.total,
        unsent = s.unsent + excluded.unsent,
        accepted = s.accepted + excluded.accepted,
        sent = s.sent + excluded.sent,
        delivered_status = s.delivered_status + excluded.delivered_status,
        opened = s.opened + excluded.opened,
        bounced = s.bounced + excluded.bounced,
        complaint = s.complaint + excluded.complaint,
        scheduled = s.scheduled + excluded.scheduled,
        cancelled = s.cancelled + excluded.cancelled,
        delivered = s.delivered + excluded.delivered,
        complained = s.complained + excluded.complained,
        human_opened = s.human_opened + excluded.human_opened,
        clicked = s.clicked + excluded.clicked""";

  private HourlyRollupSql() {
  }
}
