package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V014: email_cc carries its email's user_id and created_at, for the recipient search of SPEC §25. Sends write them;
 * the migration's batched backfill fills the rows written before it, exactly.
 */
class CcRecipientColumnsTest {
  private static TestPostbox postbox;
  private static TestUser first;
  private static TestUser second;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_SANDBOX_TIME_SCALE", "1000"));
    first = postbox.createUser("backfill-a", 1000);
    second = postbox.createUser("backfill-b", 1000);
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  @Test
  void aSendWritesTheUserAndCreationTimeOfItsEmailOnEveryCcAndBccRow() {
    HttpResponse<Buffer> sent = postbox.send(first, new JsonObject().put("recipient", "main@example.com")
        .put("subject", "S").put("body", "<p>b</p>")
        .put("cc", new JsonArray().add("one@example.com").add("two@example.com"))
        .put("bcc", new JsonArray().add("one@example.com")));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    long id = Long.parseLong(sent.bodyAsJsonObject().getString("id"));

    Row row = postbox.sql("""
        SELECT count(*) AS rows,
               count(*) FILTER (WHERE c.user_id = e.user_id AND c.created_at = e.created_at) AS filled
        FROM email_cc c JOIN emails e ON e.id = c.email_id WHERE c.email_id = $1""", id).iterator().next();
    assertThat(row.getLong("rows")).isEqualTo(3);
    assertThat(row.getLong("filled")).isEqualTo(3);
  }

  @Test
  void theBackfillGivesEveryOlderRowItsEmailsUserAndCreationTimeAcrossBatches() throws IOException {
    // 6,000 emails of two users as a database before V014 holds them: 12,000 cc and bcc rows without the copies,
    // more than two of the backfill's batches of 5,000
    postbox.sql("""
        WITH new_emails AS (
          INSERT INTO emails (user_id, from_address, recipient, params, created_at)
          SELECT CASE WHEN g % 3 = 0 THEN $1 ELSE $2 END, 'a@example.gov', 'to' || g || '@example.com', '{}',
                 now() - g * interval '1 minute'
          FROM generate_series(1, 6000) AS g
          RETURNING id
        )
        INSERT INTO email_cc (email_id, address, cc_type)
        SELECT id, 'copy' || id % 7 || '@example.com', kind FROM new_emails, unnest(ARRAY['CC', 'BCC']) AS kind""",
        first.id(), second.id());
    assertThat(unfilled()).isEqualTo(12_000);

    String backfill = Migrations.statements(migration("V014__cc_recipient_search.sql")).stream()
        .filter(statement -> statement.lines().anyMatch(line -> line.startsWith("DO $$")))
        .findFirst().orElseThrow();
    TestPostbox.await(postbox.pool.query(backfill).execute());

    assertThat(unfilled()).isZero();
    Row row = postbox.sql("""
        SELECT count(*) AS rows,
               count(*) FILTER (WHERE c.user_id = e.user_id AND c.created_at = e.created_at) AS exact
        FROM email_cc c JOIN emails e ON e.id = c.email_id WHERE e.user_id IN ($1, $2)""", first.id(), second.id())
        .iterator().next();
    assertThat(row.getLong("rows")).isGreaterThanOrEqualTo(12_000);
    assertThat(row.getLong("exact")).isEqualTo(row.getLong("rows"));
  }

  private static long unfilled() {
    return postbox.sql("""
        SELECT count(*) FROM email_cc c JOIN emails e ON e.id = c.email_id
        WHERE e.user_id IN ($1, $2) AND (c.user_id IS NULL OR c.created_at IS NULL)""", first.id(), second.id())
        .iterator().next().getLong(0);
  }

  private static String migration(String name) throws IOException {
    try (InputStream in = CcRecipientColumnsTest.class.getClassLoader()
        .getResourceAsStream("db/migration/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
