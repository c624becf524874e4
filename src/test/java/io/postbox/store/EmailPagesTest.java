package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V020: new email rows leave a tenth of each page free, so the status updates that follow an insert stay on the
 * row's own page instead of scattering over old pages of a large table.
 */
class EmailPagesTest {
  private static final int PAGE_BYTES = 8192;
  private static TestPostbox postbox;
  private static TestUser user;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of());
    user = postbox.createUser("pages", 1000);
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  @Test
  void theEmailsTableKeepsATenthOfEachPageFree() {
    String options = postbox.sql("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'emails'")
        .iterator().next().getString(0);
    assertThat(options).isEqualTo("fillfactor=90");
  }

  @Test
  void insertedEmailsFillNoPageBeyondNinetyPercent() {
    // 200 rows of about 560 bytes: at fillfactor 100 the fullest page holds about 8,000 bytes of them
    postbox.sql("""
        INSERT INTO emails (user_id, from_address, recipient, params)
        SELECT $1, 'a@example.gov', 'page' || g || '@example.com',
               json_build_object('subject', 'S', 'body', repeat('b', 400))
        FROM generate_series(1, 200) AS g""", user.id());

    int fullest = postbox.sql("""
        SELECT max(bytes)::int FROM (
          SELECT (ctid::text::point)[0] AS page, sum(pg_column_size(e.*) + 4) AS bytes
          FROM emails e WHERE user_id = $1 GROUP BY 1) pages""", user.id()).iterator().next().getInteger(0);
    assertThat(fullest).isBetween(6000, PAGE_BYTES * 90 / 100);
  }
}
