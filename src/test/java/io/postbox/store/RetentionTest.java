package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.store.Retention.Policy;
import io.postbox.store.RetentionSweep.Step;
import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.postbox.support.TcpProxy;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §31 on real PostgreSQL: redaction, deletion, per-user overrides, batches and re-runs through the store's
 * own classes, and the store role running retention by itself. The node of most tests sweeps once at start (when
 * no test user has an override yet) and then sleeps, so the tests drive their sweeps themselves. Node-wide days
 * stay at 3650 where a test needs them, so that no other test's emails are old enough to be touched.
 */
class RetentionTest {
  private static final long IDLE_SECONDS = 3600;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestPostbox postbox;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_RETENTION_IDLE_SECONDS", "86400"));
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static RetentionSweep sweep(int contentDays, int deleteDays, int batchSize) {
    return new RetentionSweep(new Retention(postbox.pool),
        new RetentionSettings(contentDays, deleteDays, batchSize, 0, IDLE_SECONDS));
  }

  /** Steps until the round is over (the sweep asks for its idle wait); every step of the round. */
  private static List<Step> round(RetentionSweep sweep) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Step step = TestPostbox.await(sweep.step());
      steps.add(step);
      if (step.delayMs() == IDLE_SECONDS * 1000) {
        return steps;
      }
      assertThat(step.backingOff()).as("no step fails: %s", steps).isFalse();
    }
    throw new AssertionError("the round did not end: " + steps.size() + " steps");
  }

  private static int redacted(List<Step> steps) {
    return steps.stream().mapToInt(Step::redacted).sum();
  }

  private static int deleted(List<Step> steps) {
    return steps.stream().mapToInt(Step::deleted).sum();
  }

  /** A delivered email (its timeline complete, so no sandbox event arrives later) created {@code daysAgo} ago. */
  private static long deliveredEmail(TestUser user, int daysAgo) {
    JsonObject request = new JsonObject().put("recipient", "success@simulator.amazonses.com")
        .put("subject", "Your code is 123456").put("body", "<p>Secret 123456</p>").put("tag", "otp")
        .put("cc", new JsonArray().add("copy@example.com")).put("bcc", new JsonArray().add("hidden@example.com"))
        .put("metadata", new JsonObject().put("order_id", "A-1"));
    HttpResponse<Buffer> sent = postbox.send(user, request);
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    long id = Long.parseLong(sent.bodyAsJsonObject().getString("id"));
    Eventually.await(WAIT, "email " + id + " delivered", () -> "DELIVERED".equals(email(user, id).getString("status")));
    // accepted, send, and one delivery for each of main, cc and bcc
    Eventually.await(WAIT, "the timeline of email " + id + " complete", () -> events(user, id).size() == 5);
    age(id, daysAgo);
    return id;
  }

  private static void age(long id, int daysAgo) {
    postbox.sql("UPDATE emails SET created_at = now() - make_interval(days => $2) - interval '1 minute' WHERE id = $1",
        id, daysAgo);
  }

  private static JsonObject email(TestUser user, long id) {
    HttpResponse<Buffer> response = postbox.get(user, "/v1/transactional/email/" + id);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static JsonArray events(TestUser user, long id) {
    return postbox.get(user, "/v1/transactional/email/" + id + "/events").bodyAsJsonObject().getJsonArray("data");
  }

  private static long count(String sql, long id) {
    return postbox.sql(sql, id).iterator().next().getLong(0);
  }

  /** Everything but the content and redacted_at: what redaction must leave as it was. */
  private static JsonObject withoutContent(JsonObject email) {
    JsonObject rest = email.copy();
    rest.remove("params");
    rest.remove("attachments_metadata");
    rest.remove("redacted_at");
    return rest;
  }

  @Test
  void oldContentIsRedactedAndEverythingElseStays() {
    TestUser user = postbox.createUser("redact", 1000);
    TestPostbox.await(postbox.admin.setRetention(user.id(), 30, null));
    long old = deliveredEmail(user, 31);
    long young = deliveredEmail(user, 29);
    postbox.sql("UPDATE emails SET attachments_metadata = $2::text::json WHERE id = $1", old,
        "[{\"fileName\":\"payslip.pdf\",\"fileSize\":1234,\"hash\":\"0123456789abcdef0123456789abcdef\"},"
            + "{\"fileName\":\"b.png\",\"fileSize\":5,\"hash\":\"fedcba9876543210fedcba9876543210\"}]");
    JsonObject oldBefore = email(user, old);
    JsonArray oldTimeline = events(user, old);
    JsonObject youngBefore = email(user, young);

    List<Step> steps = round(sweep(0, 0, 500));

    assertThat(redacted(steps)).isEqualTo(1);
    JsonObject oldAfter = email(user, old);
    assertThat(oldAfter.getJsonObject("params")).isEqualTo(new JsonObject().put("redacted", true));
    assertThat(oldAfter.getJsonArray("attachments_metadata")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("fileName", "redacted").put("fileSize", 1234)
            .put("hash", "0123456789abcdef0123456789abcdef"))
        .add(new JsonObject().put("fileName", "redacted").put("fileSize", 5)
            .put("hash", "fedcba9876543210fedcba9876543210")));
    assertThat(oldAfter.getString("redacted_at")).isNotNull();
    List<String> keys = List.copyOf(oldAfter.fieldNames());
    assertThat(keys.get(keys.size() - 1)).isEqualTo("redacted_at");
    assertThat(withoutContent(oldAfter)).isEqualTo(withoutContent(oldBefore));
    assertThat(oldAfter.getString("status")).isEqualTo("DELIVERED");
    assertThat(oldAfter.getJsonArray("cc")).isEqualTo(new JsonArray().add("copy@example.com"));
    assertThat(oldAfter.getJsonObject("metadata")).isEqualTo(new JsonObject().put("order_id", "A-1"));
    assertThat(events(user, old)).isEqualTo(oldTimeline);
    assertThat(postbox.sql("SELECT params::text, params_bytes FROM emails WHERE id = $1", old).iterator().next()
        .getInteger("params_bytes")).isEqualTo("{\"redacted\": true}".length());

    assertThat(email(user, young)).isEqualTo(youngBefore);
    assertThat(youngBefore.getValue("redacted_at")).isNull();
    assertThat(youngBefore.getJsonObject("params").getString("subject")).isEqualTo("Your code is 123456");

    HttpResponse<Buffer> listed = postbox.get(user, "/v1/transactional/email?limit=10");
    JsonArray page = listed.bodyAsJsonObject().getJsonArray("data");
    assertThat(page.getJsonObject(1).getString("id")).isEqualTo(Long.toString(old));
    assertThat(page.getJsonObject(1).getJsonObject("params")).isEqualTo(new JsonObject().put("redacted", true));
  }

  @Test
  void aUsersOwnDaysWinOverTheNodesInBothDirections() {
    TestUser keeps = postbox.createUser("keeps", 1000);
    TestUser follows = postbox.createUser("follows", 1000);
    TestUser shorter = postbox.createUser("shorter", 1000);
    TestPostbox.await(postbox.admin.setRetention(keeps.id(), 0, null));
    TestPostbox.await(postbox.admin.setRetention(shorter.id(), 10, null));
    long kept = deliveredEmail(keeps, 4000);
    long followed = deliveredEmail(follows, 4000);
    long shortened = deliveredEmail(shorter, 15);

    List<Policy> policies = TestPostbox.await(new Retention(postbox.pool).policies(3650, 0));
    assertThat(policies).doesNotContain(new Policy(keeps.id(), 0, 0))
        .contains(new Policy(follows.id(), 3650, 0), new Policy(shorter.id(), 10, 0));
    assertThat(policies.stream().map(Policy::userId)).doesNotContain(keeps.id());

    round(sweep(3650, 0, 500));

    assertThat(email(keeps, kept).getValue("redacted_at")).isNull();
    assertThat(email(follows, followed).getJsonObject("params")).isEqualTo(new JsonObject().put("redacted", true));
    assertThat(email(shorter, shortened).getJsonObject("params")).isEqualTo(new JsonObject().put("redacted", true));
  }

  @Test
  void oldEmailsAreDeletedWithTheirCcRowsAndTimeline() {
    TestUser user = postbox.createUser("delete", 1000);
    TestPostbox.await(postbox.admin.setRetention(user.id(), 30, 40));
    long doomed = deliveredEmail(user, 41);
    long redactedOnly = deliveredEmail(user, 35);
    long young = deliveredEmail(user, 1);
    assertThat(count("SELECT count(*) FROM email_cc WHERE email_id = $1", doomed)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM email_events WHERE email_id = $1", doomed)).isEqualTo(5);

    List<Step> steps = round(sweep(0, 0, 500));

    assertThat(deleted(steps)).isEqualTo(1);
    assertThat(redacted(steps)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM emails WHERE id = $1", doomed)).isZero();
    assertThat(count("SELECT count(*) FROM email_cc WHERE email_id = $1", doomed)).isZero();
    assertThat(count("SELECT count(*) FROM email_events WHERE email_id = $1", doomed)).isZero();
    HttpResponse<Buffer> gone = postbox.get(user, "/v1/transactional/email/" + doomed);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(postbox.get(user, "/v1/transactional/email/" + doomed + "/events").statusCode()).isEqualTo(404);

    assertThat(email(user, redactedOnly).getJsonObject("params")).isEqualTo(new JsonObject().put("redacted", true));
    assertThat(count("SELECT count(*) FROM email_events WHERE email_id = $1", redactedOnly)).isEqualTo(5);
    assertThat(email(user, young).getValue("redacted_at")).isNull();
    assertThat(count("SELECT count(*) FROM email_cc WHERE email_id = $1", young)).isEqualTo(2);
  }

  @Test
  void aScheduledEmailKeepsItsContentUntilItIsSent() {
    TestUser user = postbox.createUser("retainscheduled", 1000);
    TestPostbox.await(postbox.admin.setRetention(user.id(), 1, 2));
    HttpResponse<Buffer> sent = postbox.send(user, new JsonObject().put("recipient", "success@simulator.amazonses.com")
        .put("subject", "Later").put("body", "<p>Later</p>")
        .put("send_at", java.time.Instant.now().plus(java.time.Duration.ofDays(10)).toString()));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    long scheduled = Long.parseLong(sent.bodyAsJsonObject().getString("id"));
    age(scheduled, 5);

    round(sweep(0, 0, 500));

    JsonObject email = email(user, scheduled);
    assertThat(email.getString("status")).isEqualTo("SCHEDULED");
    assertThat(email.getJsonObject("params").getString("subject")).isEqualTo("Later");
    assertThat(email.getValue("redacted_at")).isNull();
  }

  private static void seed(TestUser user, int emails, int daysAgo) {
    postbox.sql("""
        INSERT INTO emails (user_id, from_address, recipient, params, status, status_rank, created_at)
        SELECT $1, 'Postbox <no-reply@example.gov>', 'seed' || g || '@example.com',
               json_build_object('body', '<p>seed</p>', 'subject', 'Seed ' || g), 'ACCEPTED', 1,
               now() - make_interval(days => $3) - make_interval(secs => g)
        FROM generate_series(1, $2) AS g""", user.id(), emails, daysAgo);
    postbox.sql("""
        INSERT INTO email_events (email_id, type, occurred_at, source, dedup_key)
        SELECT id, 'accepted', created_at, 'api', 'seed:' || id FROM emails WHERE user_id = $1
        ON CONFLICT (email_id, dedup_key) DO NOTHING""", user.id());
  }

  @Test
  void moreRowsThanOneBatchAreDoneInBatchesAndARerunChangesNothing() {
    TestUser redacting = postbox.createUser("batches", 1000);
    TestUser deleting = postbox.createUser("batches-delete", 1000);
    TestPostbox.await(postbox.admin.setRetention(redacting.id(), 1, null));
    TestPostbox.await(postbox.admin.setRetention(deleting.id(), 0, 3));
    seed(redacting, 1234, 2);
    seed(deleting, 1100, 4);
    seed(deleting, 7, 2);
    RetentionSweep sweep = sweep(0, 0, 500);

    List<Step> first = round(sweep);

    assertThat(first.stream().filter(step -> step.redacted() > 0).map(Step::redacted)).containsExactly(500, 500, 234);
    assertThat(first.stream().filter(step -> step.deleted() > 0).map(Step::deleted)).containsExactly(500, 500, 100);
    assertThat(count("SELECT count(*) FROM emails WHERE user_id = $1 AND redacted_at IS NULL", redacting.id())).isZero();
    assertThat(count("SELECT count(*) FROM emails WHERE user_id = $1", deleting.id())).isEqualTo(7);
    assertThat(postbox.sql("SELECT count(*) FROM email_events ev WHERE ev.dedup_key LIKE 'seed:%'"
        + " AND NOT EXISTS (SELECT 1 FROM emails e WHERE e.id = ev.email_id)").iterator().next().getLong(0)).isZero();
    String redactedAt = postbox.sql("SELECT max(redacted_at)::text FROM emails WHERE user_id = $1", redacting.id())
        .iterator().next().getString(0);

    List<Step> again = round(sweep);

    assertThat(redacted(again) + deleted(again)).isZero();
    assertThat(postbox.sql("SELECT max(redacted_at)::text, count(*) FROM emails WHERE user_id = $1", redacting.id())
        .iterator().next().getString(0)).isEqualTo(redactedAt);
    assertThat(count("SELECT count(*) FROM emails WHERE user_id = $1", deleting.id())).isEqualTo(7);
  }

  @Test
  void anUnreachableDatabaseMakesTheSweepWaitLongerEachTimeThenCarryOn() {
    TestUser user = postbox.createUser("outage", 1000);
    TestPostbox.await(postbox.admin.setRetention(user.id(), 1, null));
    seed(user, 3, 2);
    try (TcpProxy proxy = TestPostbox.databaseProxy()) {
      Pool throughProxy = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setConnectionTimeout(2))
          .connectingTo(StoreSettings.from(new JsonObject().put("pg", new JsonObject()
              .put("url", TestPostbox.databaseUrlThrough(proxy)))).connectOptions())
          .using(postbox.vertx).build();
      RetentionSweep sweep = new RetentionSweep(new Retention(throughProxy),
          new RetentionSettings(0, 0, 500, 0, IDLE_SECONDS));
      proxy.cut();
      List<Long> delays = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Step step = TestPostbox.await(sweep.step());
        assertThat(step.backingOff()).isTrue();
        delays.add(step.delayMs());
      }
      assertThat(delays).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L, 60000L);
      assertThat(count("SELECT count(*) FROM emails WHERE user_id = $1 AND redacted_at IS NULL", user.id()))
          .isEqualTo(3);

      proxy.restore();
      assertThat(redacted(round(sweep))).isGreaterThanOrEqualTo(3);
      assertThat(count("SELECT count(*) FROM emails WHERE user_id = $1 AND redacted_at IS NULL", user.id())).isZero();
      TestPostbox.await(throughProxy.close());
    }
  }

  @Test
  void theStoreRoleRunsRetentionByItselfInSmallBatches() {
    TestUser user = postbox.createUser("by-itself", 1000);
    long old = deliveredEmail(user, 3651);
    seed(user, 5, 3651);
    try (TestPostbox node = TestPostbox.start(Map.of("POSTBOX_RETENTION_CONTENT_DAYS", "3650",
        "POSTBOX_RETENTION_BATCH_SIZE", "2", "POSTBOX_RETENTION_PAUSE_MS", "10",
        "POSTBOX_RETENTION_IDLE_SECONDS", "1"))) {
      Eventually.await(WAIT, "every old email of the user redacted by the node", () ->
          count("SELECT count(*) FROM emails WHERE user_id = $1 AND redacted_at IS NULL", user.id()) == 0);
    }
    JsonObject redacted = email(user, old);
    assertThat(redacted.getJsonObject("params")).isEqualTo(new JsonObject().put("redacted", true));
    assertThat(redacted.getString("redacted_at")).isNotNull();
    assertThat(redacted.getString("status")).isEqualTo("DELIVERED");
  }
}
