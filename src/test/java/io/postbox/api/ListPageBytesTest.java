package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §24: a list page is at most 8 MiB of response body; limit gives way and has_more says there is more. */
class ListPageBytesTest {
  private static final int PAGE_LIMIT = 8 * 1024 * 1024;
  private static final int MIB = 1024 * 1024;
  private static TestPostbox postbox;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start();
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  /** Rows as an older release could store them (no subject limit), straight into the table; returns their ids. */
  private static List<String> insertEmails(TestUser user, int count, int subjectBytes) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(Long.toString(postbox.sql("""
          INSERT INTO emails (user_id, from_address, recipient, params, created_at)
          VALUES ($1, 'Postbox <no-reply@example.gov>', 'big@example.com',
                  json_build_object('body', '<p>b</p>', 'from', 'Postbox <no-reply@example.gov>',
                                    'subject', repeat('s', $2)),
                  now() + make_interval(secs => $3))
          RETURNING id""", user.id(), subjectBytes, i).iterator().next().getLong(0)));
    }
    return ids;
  }

  private static List<String> reversed(List<String> ids) {
    List<String> reversed = new ArrayList<>(ids);
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  private static HttpResponse<Buffer> list(TestUser user, String query) {
    HttpResponse<Buffer> response = postbox.get(user, "/v1/transactional/email" + query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.body().length()).isLessThanOrEqualTo(PAGE_LIMIT);
    return response;
  }

  private static List<String> ids(HttpResponse<Buffer> response) {
    List<String> ids = new ArrayList<>();
    response.bodyAsJsonObject().getJsonArray("data").forEach(email -> ids.add(((JsonObject) email).getString("id")));
    return ids;
  }

  @Test
  void aPageStopsAtEightMebibytesAndSaysThereIsMore() {
    TestUser user = postbox.createUser("pages", 10);
    List<String> newestFirst = reversed(insertEmails(user, 5, 3 * MIB));

    HttpResponse<Buffer> first = list(user, "?limit=1000");
    assertThat(ids(first)).isEqualTo(newestFirst.subList(0, 2));
    assertThat(first.bodyAsJsonObject().getBoolean("has_more")).isTrue();
    assertThat(first.bodyAsJsonObject().getJsonArray("data").getJsonObject(0).getJsonObject("params")
        .getString("subject")).hasSize(3 * MIB);
    HttpResponse<Buffer> second = list(user, "?limit=1000&offset=2");
    assertThat(ids(second)).isEqualTo(newestFirst.subList(2, 4));
    assertThat(second.bodyAsJsonObject().getBoolean("has_more")).isTrue();
    HttpResponse<Buffer> last = list(user, "?limit=1000&offset=4");
    assertThat(ids(last)).isEqualTo(newestFirst.subList(4, 5));
    assertThat(last.bodyAsJsonObject().getBoolean("has_more")).isFalse();

    HttpResponse<Buffer> withoutParams = list(user, "?limit=1000&exclude_params=true");
    assertThat(ids(withoutParams)).isEqualTo(newestFirst);
    assertThat(withoutParams.bodyAsJsonObject().getBoolean("has_more")).isFalse();
    // limit still applies below the byte budget
    HttpResponse<Buffer> one = list(user, "?limit=1");
    assertThat(ids(one)).isEqualTo(newestFirst.subList(0, 1));
    assertThat(one.bodyAsJsonObject().getBoolean("has_more")).isTrue();
  }

  @Test
  void rowsStoredBeforeTheSizeColumnAreMeasuredWhenListed() {
    TestUser user = postbox.createUser("legacy", 10);
    List<String> oldestFirst = insertEmails(user, 4, 3 * MIB);
    assertThat(postbox.sql("SELECT count(*) FROM emails WHERE user_id = $1 AND params_bytes > 3 * 1048576", user.id())
        .iterator().next().getLong(0)).isEqualTo(4);
    postbox.sql("UPDATE emails SET params_bytes = NULL WHERE user_id = $1", user.id());
    HttpResponse<Buffer> first = list(user, "?limit=1000&sort_by=%2Bcreated_at");
    assertThat(ids(first)).isEqualTo(oldestFirst.subList(0, 2));
    assertThat(first.bodyAsJsonObject().getBoolean("has_more")).isTrue();
  }

  @Test
  void anEmailLargerThanAPageIsListedOnlyWithoutParams() {
    TestUser user = postbox.createUser("huge", 10);
    List<String> ids = insertEmails(user, 1, 9 * MIB);
    HttpResponse<Buffer> page = list(user, "");
    assertThat(ids(page)).isEmpty();
    assertThat(page.bodyAsJsonObject().getBoolean("has_more")).isTrue();
    assertThat(ids(list(user, "?exclude_params=true"))).isEqualTo(ids);
  }

  @Test
  void manySmallEmailsFillAPageUpToTheLimit() {
    TestUser user = postbox.createUser("small", 10);
    insertEmails(user, 30, 100);
    HttpResponse<Buffer> page = list(user, "?limit=1000");
    assertThat(ids(page)).hasSize(30);
    assertThat(page.bodyAsJsonObject().getBoolean("has_more")).isFalse();
  }
}
