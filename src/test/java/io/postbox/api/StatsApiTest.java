package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.store.EmailStats;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §18 through HTTP on the real database. The fixture user's emails are inserted directly with chosen
 * statuses, times and tags; every number below is counted by hand from this table (window 2024-01-01 to
 * 2024-03-01):
 *
 * <pre>
 *  #  created (UTC)              status     tag   delivered_at complained_at human open clicks
 *  1  2024-01-01T00:00:00.000Z   UNSENT     a
 *  2  2024-01-05                 ACCEPTED   a
 *  3  2024-01-10                 DELIVERED  a     yes
 *  4  2024-01-15                 OPENED     a     yes                       yes        2
 *  5  2024-01-20                 BOUNCED    a
 *  6  2024-01-25                 COMPLAINT  -     yes          yes
 *  7  2024-01-31T23:59:59.999Z   DELIVERED  -     yes                                  1
 *  8  2024-02-01T00:00:00.000Z   SENT       a
 *  9  2024-02-10                 OPENED     a     yes                       (machine)
 * 10  2024-02-15                 BOUNCED    b
 * 11  2024-02-29T23:59:59.999Z   OPENED     b     yes                       yes
 *  outside: 2023-12-31T23:59:59.999Z and 2024-03-01T00:00:00.000Z (to is exclusive), and another user's email
 * </pre>
 */
class StatsApiTest {
  private static final String STATS = "/v1/transactional/email/stats";
  private static final String WINDOW = "from=2024-01-01&to=2024-03-01";
  private static TestPostbox postbox;
  private static TestUser user;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start();
    user = postbox.createUser("stats", 1000);
    TestUser other = postbox.createUser("stranger", 1000);
    insert(user, "2024-01-01T00:00:00.000Z", "UNSENT", "a", false, false, false, 0);
    insert(user, "2024-01-05T10:00:00.000Z", "ACCEPTED", "a", false, false, false, 0);
    insert(user, "2024-01-10T10:00:00.000Z", "DELIVERED", "a", true, false, false, 0);
    insert(user, "2024-01-15T10:00:00.000Z", "OPENED", "a", true, false, true, 2);
    insert(user, "2024-01-20T10:00:00.000Z", "BOUNCED", "a", false, false, false, 0);
    insert(user, "2024-01-25T10:00:00.000Z", "COMPLAINT", null, true, true, false, 0);
    insert(user, "2024-01-31T23:59:59.999Z", "DELIVERED", null, true, false, false, 1);
    insert(user, "2024-02-01T00:00:00.000Z", "SENT", "a", false, false, false, 0);
    insert(user, "2024-02-10T10:00:00.000Z", "OPENED", "a", true, false, false, 0);
    insert(user, "2024-02-15T10:00:00.000Z", "BOUNCED", "b", false, false, false, 0);
    insert(user, "2024-02-29T23:59:59.999Z", "OPENED", "b", true, false, true, 0);
    insert(user, "2023-12-31T23:59:59.999Z", "DELIVERED", "a", true, false, true, 1);
    insert(user, "2024-03-01T00:00:00.000Z", "DELIVERED", "a", true, false, true, 1);
    insert(other, "2024-01-15T10:00:00.000Z", "BOUNCED", "a", false, false, false, 0);
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static void insert(TestUser owner, String createdAt, String status, String tag, boolean delivered,
      boolean complained, boolean humanOpen, int clicks) {
    postbox.sql("""
        INSERT INTO emails (user_id, from_address, recipient, params, status, tag, created_at, updated_at,
                            delivered_at, complained_at, first_human_open_at, opened_at, click_count)
        VALUES ($1, 'Postbox <no-reply@example.gov>', 'r@example.com', '{}', $2, $3, $4::text::timestamptz,
                $4::text::timestamptz, CASE WHEN $5 THEN $4::text::timestamptz END,
                CASE WHEN $6 THEN $4::text::timestamptz END, CASE WHEN $7 THEN $4::text::timestamptz END,
                CASE WHEN $2 = 'OPENED' THEN $4::text::timestamptz END, $8)""",
        owner.id(), status, tag, createdAt, delivered, complained, humanOpen, clicks);
  }

  private static HttpResponse<Buffer> stats(String query) {
    return postbox.get(user, STATS + (query.isEmpty() ? "" : "?" + query));
  }

  private static JsonObject ok(String query) {
    HttpResponse<Buffer> response = stats(query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /**
   * counts in the order UNSENT, ACCEPTED, SENT, DELIVERED, OPENED, BOUNCED, COMPLAINT (then SCHEDULED and
   * CANCELLED, 0 here); rates as expected.
   */
  private static JsonObject group(JsonObject keys, long[] counts, long humanOpened, long clicked, Double delivery,
      Double bounce, Double complaint, Double open) {
    String[] statuses = {"UNSENT", "ACCEPTED", "SENT", "DELIVERED", "OPENED", "BOUNCED", "COMPLAINT"};
    JsonObject byStatus = new JsonObject();
    long total = 0;
    for (int i = 0; i < statuses.length; i++) {
      byStatus.put(statuses[i], counts[i]);
      total += counts[i];
    }
    byStatus.put("SCHEDULED", 0L).put("CANCELLED", 0L); // SPEC §30: none in this table
    return keys.copy().put("total", total).put("counts", byStatus).put("human_opened", humanOpened)
        .put("clicked", clicked).put("rates", new JsonObject().put("delivery", delivery).put("bounce", bounce)
            .put("complaint", complaint).put("open", open));
  }

  private static JsonObject keys(String month, String tag) {
    JsonObject keys = new JsonObject();
    if (month != null) {
      keys.put("month", month);
    }
    if (!"-".equals(tag)) {
      keys.put("tag", tag);
    }
    return keys;
  }

  @Test
  void oneGroupWithoutGroupBy() {
    JsonObject body = ok(WINDOW);
    // accepted 10 (all but #1), delivered 6 (#3 #4 #6 #7 #9 #11), bounced 2, complained 1, human opened 2
    assertThat(body).isEqualTo(new JsonObject()
        .put("from", "2024-01-01T00:00:00.000Z").put("to", "2024-03-01T00:00:00.000Z")
        .put("group_by", new JsonArray())
        .put("data", new JsonArray().add(group(new JsonObject(), new long[] {1, 1, 1, 2, 3, 2, 1}, 2, 2,
            0.6, 0.2, 0.1667, 0.3333))));
    assertThat(body.fieldNames()).containsExactly("from", "to", "group_by", "data");
    assertThat(body.getJsonArray("data").getJsonObject(0).fieldNames())
        .containsExactly("total", "counts", "human_opened", "clicked", "rates");
  }

  @Test
  void groupedByMonth() {
    assertThat(ok(WINDOW + "&group_by=month").getJsonArray("data")).containsExactly(
        // accepted 6, delivered 4 (#3 #4 #6 #7), bounced 1, complained 1, human 1, clicked 2
        group(keys("2024-01", "-"), new long[] {1, 1, 0, 2, 1, 1, 1}, 1, 2, 0.6667, 0.1667, 0.25, 0.25),
        // accepted 4, delivered 2 (#9 #11), bounced 1, complained 0, human 1, clicked 0
        group(keys("2024-02", "-"), new long[] {0, 0, 1, 0, 2, 1, 0}, 1, 0, 0.5, 0.25, 0.0, 0.5));
  }

  @Test
  void groupedByTagUntaggedFirst() {
    JsonObject body = ok(WINDOW + "&group_by=tag");
    assertThat(body.getJsonArray("group_by")).containsExactly("tag");
    assertThat(body.getJsonArray("data")).containsExactly(
        // #6 #7: accepted 2, delivered 2, complained 1, clicked 1
        group(keys(null, null), new long[] {0, 0, 0, 1, 0, 0, 1}, 0, 1, 1.0, 0.0, 0.5, 0.0),
        // #1-5 #8 #9: accepted 6, delivered 3 (#3 #4 #9), bounced 1, human 1 (#4), clicked 1
        group(keys(null, "a"), new long[] {1, 1, 1, 1, 2, 1, 0}, 1, 1, 0.5, 0.1667, 0.0, 0.3333),
        // #10 #11: accepted 2, delivered 1, bounced 1, human 1
        group(keys(null, "b"), new long[] {0, 0, 0, 0, 1, 1, 0}, 1, 0, 0.5, 0.5, 0.0, 1.0));
  }

  @Test
  void groupedByMonthAndTag() {
    JsonObject body = ok(WINDOW + "&group_by=month,tag");
    assertThat(body.getJsonArray("group_by")).containsExactly("month", "tag");
    assertThat(body.getJsonArray("data")).containsExactly(
        group(keys("2024-01", null), new long[] {0, 0, 0, 1, 0, 0, 1}, 0, 1, 1.0, 0.0, 0.5, 0.0),
        // #1-5: accepted 4, delivered 2 (#3 #4), bounced 1, human 1, clicked 1
        group(keys("2024-01", "a"), new long[] {1, 1, 0, 1, 1, 1, 0}, 1, 1, 0.5, 0.25, 0.0, 0.5),
        // #8 #9: accepted 2, delivered 1, machine open only
        group(keys("2024-02", "a"), new long[] {0, 0, 1, 0, 1, 0, 0}, 0, 0, 0.5, 0.0, 0.0, 0.0),
        group(keys("2024-02", "b"), new long[] {0, 0, 0, 0, 1, 1, 0}, 1, 0, 0.5, 0.5, 0.0, 1.0));
  }

  @Test
  void boundsAreInclusiveThenExclusiveAndAcceptDateTimes() {
    // only #7 and #8, around the month boundary; an offset is honoured
    JsonObject body = ok("from=2024-01-31T23:59:59.999Z&to=2024-02-01T01:00:00%2B01:00&group_by=month");
    assertThat(body.getString("from")).isEqualTo("2024-01-31T23:59:59.999Z");
    assertThat(body.getString("to")).isEqualTo("2024-02-01T00:00:00.000Z");
    assertThat(body.getJsonArray("data")).hasSize(1);
    assertThat(body.getJsonArray("data").getJsonObject(0).getLong("total")).isEqualTo(1);
    assertThat(ok("from=2024-01-31T23:59:59.999Z&to=2024-02-01T00:00:00.001").getJsonArray("data")
        .getJsonObject(0).getLong("total")).isEqualTo(2);
  }

  @Test
  void anEmptyWindowIsOneZeroGroupWithNullRatesOrNoGroups() {
    JsonObject body = ok("from=2020-01-01&to=2020-02-01");
    assertThat(body.getJsonArray("data")).containsExactly(
        group(new JsonObject(), new long[7], 0, 0, null, null, null, null));
    assertThat(body.getJsonArray("data").getJsonObject(0).getJsonObject("rates").containsKey("open")).isTrue();
    assertThat(ok("from=2020-01-01&to=2020-02-01&group_by=month,tag").getJsonArray("data")).isEmpty();
  }

  @Test
  void theDefaultWindowIsTheLastThirtyDays() {
    TestUser fresh = postbox.createUser("recent", 1000);
    assertThat(postbox.send(fresh, new JsonObject().put("recipient", "x@example.com").put("subject", "s")
        .put("body", "b").put("tag", "now")).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> response = postbox.get(fresh, STATS + "?group_by=tag");
    JsonObject body = response.bodyAsJsonObject();
    Instant to = Instant.parse(body.getString("to"));
    assertThat(Duration.between(to, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    assertThat(Duration.between(Instant.parse(body.getString("from")), to)).isEqualTo(Duration.ofDays(30));
    assertThat(body.getJsonArray("data")).hasSize(1);
    JsonObject group = body.getJsonArray("data").getJsonObject(0);
    assertThat(group.getString("tag")).isEqualTo("now");
    assertThat(group.getLong("total")).isEqualTo(1);
    // to alone: from is 30 days before it
    assertThat(ok("to=2024-01-31").getString("from")).isEqualTo("2024-01-01T00:00:00.000Z");
  }

  @Test
  void badQueriesAre400WithTheFirstFailure() {
    assertInvalid("from=yesterday", "\"from\" must be in ISO 8601 date format");
    assertInvalid("from=20240101", "\"from\" must be in ISO 8601 date format");
    assertInvalid("from=2024-01-01&from=2024-01-02", "\"from\" must be in ISO 8601 date format");
    assertInvalid("from=", "\"from\" must be in ISO 8601 date format");
    assertInvalid("to=2024-02-30", "\"to\" must be in ISO 8601 date format");
    assertInvalid("group_by=week", "\"group_by\" must be one of [month, tag, month,tag]");
    assertInvalid("group_by=tag,month", "\"group_by\" must be one of [month, tag, month,tag]");
    assertInvalid("group_by=month&group_by=tag", "\"group_by\" must be one of [month, tag, month,tag]");
    assertInvalid("from=2024-02-01&to=2024-02-01", "\"from\" must be before \"to\"");
    assertInvalid("from=2024-03-01&to=2024-02-01", "\"from\" must be before \"to\"");
    assertInvalid("from=2099-01-01", "\"from\" must be before \"to\"");
    assertInvalid("from=2024-01-01&to=2025-02-04T00:00:00.001Z", "\"to\" must be at most 400 days after \"from\"");
    assertThat(stats("from=2024-01-01&to=2025-02-04").statusCode()).isEqualTo(200);
    assertInvalid(WINDOW + "&status=SENT", "\"status\" is not allowed");
    assertInvalid("from=bad&status=SENT", "\"from\" must be in ISO 8601 date format");
  }

  private static void assertInvalid(String query, String message) {
    HttpResponse<Buffer> response = stats(query);
    assertThat(response.statusCode()).as(query).isEqualTo(400);
    assertThat(response.bodyAsJsonObject()).as(query)
        .isEqualTo(new JsonObject().put("code", "api_validation").put("message", message));
  }

  @Test
  void theLiteralStatsPathIsNotAnEmailIdAndNeedsAKey() {
    HttpResponse<Buffer> response = stats("");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().containsKey("data")).isTrue();
    HttpResponse<Buffer> anonymous = TestPostbox.await(postbox.http.get(STATS).send());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    // the email routes around it still work
    assertThat(postbox.get(user, "/v1/transactional/email/statistics").bodyAsJsonObject().getString("message"))
        .isEqualTo("\"emailId\" must be a number");
  }

  /** The statement reads one user's window through (user_id, created_at), never the whole history. */
  @Test
  void theStatementUsesTheUserCreatedAtIndex() {
    List<String> plan = new ArrayList<>();
    Throwable rolledBack = TestPostbox.await(postbox.pool.withTransaction(connection -> connection.preparedQuery("""
            WITH heavy AS (INSERT INTO users (email) VALUES ('heavy.' || gen_random_uuid() || '@example.com')
                           RETURNING id)
            INSERT INTO emails (user_id, from_address, recipient, params, status, tag, created_at)
            SELECT heavy.id, 'x@example.gov', 'r@example.com', '{}', 'DELIVERED', 't' || (n % 7),
                   timestamptz '2022-01-01' + n * interval '10 minutes'
            FROM heavy, generate_series(1, 60000) AS n""").execute()
        .compose(inserted -> connection.query("ANALYZE emails").execute())
        .compose(analysed -> connection.preparedQuery("EXPLAIN " + EmailStats.sql(true, true))
            .execute(Tuple.of(user.id(), java.time.OffsetDateTime.parse("2024-01-01T00:00:00Z"),
                java.time.OffsetDateTime.parse("2024-03-01T00:00:00Z"), false)))
        .compose(rows -> {
          for (Row row : rows) {
            plan.add(row.getString(0));
          }
          return Future.<Void>failedFuture(new IllegalStateException("roll back the bulk rows"));
        })).map(ok -> (Throwable) null).recover(Future::succeededFuture));
    assertThat(rolledBack).hasMessage("roll back the bulk rows");
    String text = String.join("\n", plan);
    assertThat(text).as(text).contains("emails_user_created").doesNotContain("Seq Scan");
  }
}
