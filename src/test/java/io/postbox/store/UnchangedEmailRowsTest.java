package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.NormalizedEvent;
import io.postbox.contract.StatusChange;
import io.postbox.support.TestPostbox;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An event that changes none of an email's fields (a second open, an older delivery) goes on the timeline but
 * leaves the email row as it was: no new row version, {@code updated_at} kept, no status change published.
 */
class UnchangedEmailRowsTest {
  private static final OffsetDateTime CREATED = OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  private static TestPostbox postbox;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start();
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  @Test
  void aRepeatedOpenGoesOnTheTimelineWithoutTouchingTheEmail() {
    long emailId = insertEmail();
    StatusEvents statusEvents = new StatusEvents(postbox.pool, Duration.ofSeconds(10));

    List<StatusChange> firstChanges = TestPostbox.await(statusEvents.apply(List.of(message(open(emailId, "open-1",
        "2025-01-01T00:05:00.000Z")))));
    Row afterFirst = email(emailId);
    List<StatusChange> secondChanges = TestPostbox.await(statusEvents.apply(List.of(message(open(emailId, "open-2",
        "2025-01-01T00:06:00.000Z")))));
    Row afterSecond = email(emailId);

    assertThat(firstChanges).hasSize(1);
    assertThat(afterFirst.getString("status")).isEqualTo("OPENED");
    assertThat(secondChanges).isEmpty();
    assertThat(afterSecond.getOffsetDateTime("updated_at")).isEqualTo(afterFirst.getOffsetDateTime("updated_at"));
    assertThat(afterSecond.getString("version")).isEqualTo(afterFirst.getString("version"));
    assertThat(afterSecond.getOffsetDateTime("opened_at")).isEqualTo(OffsetDateTime.parse("2025-01-01T00:05:00Z"));
    assertThat(postbox.sql("SELECT count(*) FROM email_events WHERE email_id = $1", emailId).iterator().next()
        .getLong(0)).isEqualTo(2);
  }

  @Test
  void anEarlierOpenStillMovesTheOpenTime() {
    long emailId = insertEmail();
    StatusEvents statusEvents = new StatusEvents(postbox.pool, Duration.ofSeconds(10));

    TestPostbox.await(statusEvents.apply(List.of(message(open(emailId, "late", "2025-01-01T00:09:00.000Z")))));
    TestPostbox.await(statusEvents.apply(List.of(message(open(emailId, "early", "2025-01-01T00:07:00.000Z")))));

    assertThat(email(emailId).getOffsetDateTime("opened_at")).isEqualTo(OffsetDateTime.parse("2025-01-01T00:07:00Z"));
  }

  private static long insertEmail() {
    long userId = postbox.createUser("unchanged").id();
    return postbox.sql("""
        INSERT INTO emails (user_id, from_address, recipient, params, status, status_rank, status_event_at,
                            status_event_key, accepted_at, created_at, updated_at)
        VALUES ($1, 'no-reply@example.gov', 'reader@example.com', '{}', 'DELIVERED', 4, $2, 'ses:delivery', $2, $2, $2)
        RETURNING id""", userId, CREATED).iterator().next().getLong(0);
  }

  private static Row email(long emailId) {
    return postbox.sql("SELECT status, opened_at, updated_at, ctid::text AS version FROM emails WHERE id = $1", emailId)
        .iterator().next();
  }

  private static EventMessage message(NormalizedEvent event) {
    return EventMessage.withEvents("pixel", null, List.of(event));
  }

  private static NormalizedEvent open(long emailId, String dedupKey, String at) {
    return NormalizedEvent.pixelOpen("pixel:" + emailId + ":" + dedupKey, Instant.parse(at), emailId, false,
        new JsonObject().put("user_agent", "Mozilla/5.0 (X11)").put("ip_address", "192.0.2.1"));
  }
}
