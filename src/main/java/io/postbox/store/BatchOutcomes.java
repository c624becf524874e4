package io.postbox.store;

import io.postbox.bus.Meters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What one event batch did, counted into the metrics of SPEC §21.3 once it has committed. */
final class BatchOutcomes {
  private final List<String[]> events = new ArrayList<>();
  private final List<String> rejectReasons = new ArrayList<>();
  private final List<String> newStatuses = new ArrayList<>();

  void event(String type, String outcome) {
    events.add(new String[] {type, outcome});
  }

  void reject(String reason) {
    rejectReasons.add(reason);
  }

  void statusChange(String status) {
    newStatuses.add(status);
  }

  /** Forgets a rolled-back attempt. */
  void clear() {
    events.clear();
    rejectReasons.clear();
    newStatuses.clear();
  }

  void recordCommitted() {
    for (String[] event : events) {
      Meters.count("postbox_ses_events_total", "type", event[0], "outcome", event[1]);
    }
    for (String reason : rejectReasons) {
      Meters.count("postbox_ingest_rejects_total", "reason", reason);
    }
    for (String status : newStatuses) {
      Meters.count("postbox_status_changes_total", "to", status);
    }
    if (!events.isEmpty()) {
      LastEvent.committedAt(Instant.now());
    }
  }

  /** {@code postbox_ingest_last_event_timestamp_seconds}: when this node last committed an ingested event. */
  static final class LastEvent {
    private static volatile double epochSeconds;

    static {
      Meters.registry().gauge("postbox_ingest_last_event_timestamp_seconds", LastEvent.class,
          ignored -> epochSeconds);
    }

    private LastEvent() {
    }

    static void committedAt(Instant at) {
      epochSeconds = at.toEpochMilli() / 1000.0;
    }
  }
}
