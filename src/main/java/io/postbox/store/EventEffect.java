package io.postbox.store;

import io.postbox.contract.EmailStatus;
import io.postbox.contract.NormalizedEvent;
import java.time.Instant;

/**
 * What one normalized event does to its email under SPEC §9: the status it can set (with its rank and error
 * fields) and the first-occurrence timestamp it feeds. Timeline-only events have no rank.
 */
record EventEffect(String type, String source, Instant occurredAt, String dedupKey, Integer rank, String status, String errorCode,
    String errorSubType) {

  static EventEffect of(NormalizedEvent event, boolean namesMainRecipient) {
    String type = event.type();
    String source = event.source();
    Instant at = event.occurredAt();
    String key = event.dedupKey();
    return switch (type) {
      case "send" -> new EventEffect(type, source, at, key, EmailStatus.RANK_SENT, "SENT", null, null);
      case "open" -> new EventEffect(type, source, at, key, EmailStatus.RANK_OPENED, "OPENED", null, null);
      case "delivery" -> namesMainRecipient
          ? new EventEffect(type, source, at, key, EmailStatus.RANK_DELIVERED, "DELIVERED", null, null)
          : timelineOnly(type, source, at, key);
      case "bounce" -> {
        if (!namesMainRecipient) {
          yield timelineOnly(type, source, at, key);
        }
        boolean hard = "Permanent".equals(event.bounceType());
        yield new EventEffect(type, source, at, key, hard ? EmailStatus.RANK_HARD_BOUNCE : EmailStatus.RANK_SOFT_BOUNCE,
            "BOUNCED", hard ? "Hard bounce" : "Soft bounce", event.bounceSubType());
      }
      case "complaint" -> namesMainRecipient
          ? new EventEffect(type, source, at, key, EmailStatus.RANK_COMPLAINT, "COMPLAINT", "Complaint",
              event.complaintFeedbackType())
          : timelineOnly(type, source, at, key);
      default -> timelineOnly(type, source, at, key);
    };
  }

  private static EventEffect timelineOnly(String type, String source, Instant at, String key) {
    return new EventEffect(type, source, at, key, null, null, null, null);
  }

  /** SPEC §9.2 rule 1: higher rank wins; among equal ranks the earliest time, then the smaller dedup key. */
  boolean beats(EventEffect other) {
    if (rank == null) {
      return false;
    }
    if (other == null || other.rank == null) {
      return true;
    }
    if (!rank.equals(other.rank)) {
      return rank > other.rank;
    }
    int byTime = occurredAt.compareTo(other.occurredAt);
    return byTime != 0 ? byTime < 0 : dedupKey.compareTo(other.dedupKey) < 0;
  }
}
