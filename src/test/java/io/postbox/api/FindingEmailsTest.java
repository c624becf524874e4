package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §25: cursor pages, recipient search, metadata filters and the offset cap, on real PostgreSQL. */
class FindingEmailsTest {
  private static final String LIST = "/v1/transactional/email";
  private static TestPostbox postbox;
  private static TestUser owner;
  private static TestUser stranger;
  private static final List<JsonObject> sent = new ArrayList<>();

  @BeforeAll
  static void start() {
    // sandbox events far in the future: statuses and updated_at stay as sent while pages are read
    postbox = TestPostbox.start(Map.of("POSTBOX_SANDBOX_TIME_SCALE", "1000"));
    owner = postbox.createUser("finder", 10_000);
    stranger = postbox.createUser("stranger", 10_000);
    for (int i = 0; i < 12; i++) {
      JsonObject body = email("main" + i + "@example.com").put("tag", i % 2 == 0 ? "even" : "odd")
          .put("metadata", new JsonObject().put("order_id", "o" + i).put("parity", i % 2 == 0 ? "even" : "odd"));
      if (i == 3) {
        body.put("cc", new JsonArray().add("Watcher@Example.com")).put("bcc", new JsonArray().add("audit@example.com"));
      }
      if (i == 7) {
        body.put("bcc", new JsonArray().add("watcher@example.com"));
      }
      sent.add(created(postbox.send(owner, body)));
    }
    created(postbox.send(stranger, email("main3@example.com").put("cc", new JsonArray().add("watcher@example.com"))
        .put("metadata", new JsonObject().put("order_id", "o3"))));
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static JsonObject email(String recipient) {
    return new JsonObject().put("recipient", recipient).put("subject", "S").put("body", "<p>b</p>");
  }

  private static JsonObject created(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private static JsonObject list(TestUser user, String query) {
    HttpResponse<Buffer> response = postbox.get(user, LIST + query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static List<String> ids(JsonObject page) {
    List<String> ids = new ArrayList<>();
    page.getJsonArray("data").forEach(email -> ids.add(((JsonObject) email).getString("id")));
    return ids;
  }

  private static String id(int index) {
    return sent.get(index).getString("id");
  }

  private static String encoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static void assertListError(String query, String message) {
    HttpResponse<Buffer> response = postbox.get(owner, LIST + query);
    assertThat(response.statusCode()).as(query).isEqualTo(400);
    assertThat(response.bodyAsJsonObject()).as(query)
        .isEqualTo(new JsonObject().put("code", "api_validation").put("message", message));
  }

  /** Walks every page from {@code firstQuery} by next_cursor, sending a new email after each page is read. */
  private static List<JsonObject> walk(String firstQuery, List<Future<HttpResponse<Buffer>>> inserts) {
    List<JsonObject> rows = new ArrayList<>();
    String query = firstQuery;
    for (int pages = 0; pages < 100; pages++) {
      JsonObject page = list(owner, query);
      inserts.add(postbox.post(LIST + "/send", owner).sendJsonObject(email("late" + pages + "@example.com")));
      page.getJsonArray("data").forEach(email -> rows.add((JsonObject) email));
      String next = page.getString("next_cursor");
      assertThat(next != null).as("next_cursor is given exactly when has_more").isEqualTo(page.getBoolean("has_more"));
      if (next == null) {
        return rows;
      }
      query = firstQuery + "&cursor=" + encoded(next);
    }
    throw new AssertionError("the cursor walk did not end");
  }

  @Test
  void cursorPagesWalkEveryEmailOnceNewestFirstWhileOthersAreInserted() {
    List<String> before = ids(list(owner, "?limit=1000"));
    List<Future<HttpResponse<Buffer>>> inserts = new ArrayList<>();
    List<JsonObject> walked = walk("?limit=5&exclude_params=true", inserts);
    inserts.forEach(insert -> created(TestPostbox.await(insert)));

    List<String> walkedIds = walked.stream().map(email -> email.getString("id")).toList();
    // the rows inserted during the walk are newer than its first page: a newest-first walk passes them by
    assertThat(walkedIds).isEqualTo(before);
    assertThat(new LinkedHashSet<>(walkedIds)).hasSize(walkedIds.size());
    Comparator<JsonObject> newestFirst = Comparator
        .<JsonObject, String>comparing(email -> email.getString("created_at")).thenComparing(email -> Long.parseLong(email.getString("id"))).reversed();
    assertThat(walked).isSortedAccordingTo(newestFirst);
  }

  @Test
  void ascendingCursorPagesFollowTheAscendingOrder() {
    List<Future<HttpResponse<Buffer>>> inserts = new ArrayList<>();
    List<String> walked = walk("?limit=4&sort_by=%2Bcreated_at&tag=even", inserts).stream()
        .map(email -> email.getString("id")).toList();
    inserts.forEach(insert -> created(TestPostbox.await(insert)));
    assertThat(walked).containsExactly(id(0), id(2), id(4), id(6), id(8), id(10));
  }

  @Test
  void aCursorIsBoundToItsFiltersAndSortAndExcludesOffset() {
    JsonObject first = list(owner, "?limit=2&tag=even");
    String cursor = encoded(first.getString("next_cursor"));
    assertThat(ids(list(owner, "?limit=2&tag=even&cursor=" + cursor))).containsExactly(id(6), id(4));
    assertThat(ids(list(owner, "?limit=3&tag=even&exclude_params=true&cursor=" + cursor)))
        .containsExactly(id(6), id(4), id(2));

    assertListError("?limit=2&tag=odd&cursor=" + cursor, "\"cursor\" is invalid");
    assertListError("?limit=2&cursor=" + cursor, "\"cursor\" is invalid");
    assertListError("?limit=2&tag=even&sort_by=updated_at&cursor=" + cursor, "\"cursor\" is invalid");
    assertListError("?limit=2&tag=even&metadata[parity]=even&cursor=" + cursor, "\"cursor\" is invalid");
    assertListError("?limit=2&tag=even&cursor=not-a-cursor", "\"cursor\" is invalid");
    assertListError("?limit=2&tag=even&cursor=", "\"cursor\" is invalid");
    assertListError("?limit=2&tag=even&cursor=" + cursor + "&cursor=" + cursor, "\"cursor\" is invalid");
    assertListError("?limit=2&tag=even&offset=0&cursor=" + cursor, "\"cursor\" cannot be used with \"offset\"");

    JsonObject last = list(owner, "?limit=100&tag=even");
    assertThat(last.getBoolean("has_more")).isFalse();
    assertThat(last.containsKey("next_cursor")).isTrue();
    assertThat(last.getValue("next_cursor")).isNull();
  }

  @Test
  void recipientMatchesMainCcAndBccCaseInsensitively() {
    assertThat(ids(list(owner, "?recipient=MAIN5@Example.COM"))).containsExactly(id(5));
    assertThat(ids(list(owner, "?recipient=watcher@example.com"))).containsExactly(id(7), id(3));
    assertThat(ids(list(owner, "?recipient=AUDIT@example.com"))).containsExactly(id(3));
    assertThat(ids(list(owner, "?recipient=watcher@example.com&tag=odd&limit=1"))).containsExactly(id(7));
    assertThat(list(owner, "?recipient=nobody@example.com").getJsonArray("data")).isEmpty();
    assertListError("?recipient=not-an-address", "\"recipient\" must be a valid email");
    assertListError("?recipient=a@example.com&recipient=b@example.com", "\"recipient\" must be a valid email");

    JsonObject first = list(owner, "?recipient=watcher@example.com&limit=1");
    assertThat(ids(first)).containsExactly(id(7));
    JsonObject second = list(owner, "?recipient=watcher@example.com&limit=1&cursor="
        + encoded(first.getString("next_cursor")));
    assertThat(ids(second)).containsExactly(id(3));
    assertThat(second.getBoolean("has_more")).isFalse();
  }

  @Test
  void recipientSearchFindsExactlyTheEmailsOfAnAddressInEveryOrderAndPage() {
    // one user's emails with addresses drawn from a small pool into main, cc and bcc, repeats included (main and cc,
    // cc and bcc, one address in both): every search, walked by cursor both ways and by offset, gives exactly those
    TestUser searcher = postbox.createUser("searcher", 10_000);
    List<String> pool = List.of("p0@example.com", "p1@example.com", "p2@example.com", "p3@example.com");
    Random random = new Random(13);
    Map<String, List<String>> expected = new LinkedHashMap<>();
    pool.forEach(address -> expected.put(address, new ArrayList<>()));
    for (int i = 0; i < 30; i++) {
      String main = pool.get(random.nextInt(pool.size()));
      JsonArray cc = new JsonArray();
      JsonArray bcc = new JsonArray();
      Set<String> all = new LinkedHashSet<>(List.of(main));
      for (String address : pool) {
        if (random.nextInt(4) == 0) {
          cc.add(address);
          all.add(address);
        }
        if (random.nextInt(4) == 0) {
          bcc.add(address);
          all.add(address);
        }
      }
      String id = created(postbox.send(searcher, email(main).put("cc", cc).put("bcc", bcc))).getString("id");
      all.forEach(address -> expected.get(address).add(0, id));
    }
    for (String address : pool) {
      List<String> newestFirst = expected.get(address);
      List<String> oldestFirst = new ArrayList<>(newestFirst);
      Collections.reverse(oldestFirst);
      assertThat(walkIds(searcher, "?limit=4&recipient=" + address)).as(address).isEqualTo(newestFirst);
      assertThat(walkIds(searcher, "?limit=3&sort_by=%2Bcreated_at&recipient=" + address)).as(address)
          .isEqualTo(oldestFirst);
      assertThat(walkIds(searcher, "?limit=5&sort_by=updated_at&recipient=" + address)).as(address)
          .containsExactlyInAnyOrderElementsOf(newestFirst);
      assertThat(ids(list(searcher, "?limit=3&offset=2&recipient=" + address))).as(address)
          .isEqualTo(newestFirst.subList(Math.min(2, newestFirst.size()), Math.min(5, newestFirst.size())));
    }
  }

  /** Every id of a search, page by page by next_cursor. */
  private static List<String> walkIds(TestUser user, String firstQuery) {
    List<String> found = new ArrayList<>();
    String query = firstQuery;
    for (int pages = 0; pages < 100; pages++) {
      JsonObject page = list(user, query);
      found.addAll(ids(page));
      if (page.getString("next_cursor") == null) {
        return found;
      }
      query = firstQuery + "&cursor=" + encoded(page.getString("next_cursor"));
    }
    throw new AssertionError("the cursor walk did not end");
  }

  @Test
  void metadataFiltersAreExactAndAnded() {
    assertThat(ids(list(owner, "?metadata[order_id]=o4"))).containsExactly(id(4));
    assertThat(ids(list(owner, "?metadata[parity]=odd&limit=100"))).containsExactly(id(11), id(9), id(7), id(5),
        id(3), id(1));
    assertThat(ids(list(owner, "?metadata[parity]=odd&metadata[order_id]=o9"))).containsExactly(id(9));
    assertThat(list(owner, "?metadata[parity]=even&metadata[order_id]=o9").getJsonArray("data")).isEmpty();
    assertThat(list(owner, "?metadata[order_id]=O4").getJsonArray("data")).isEmpty();
    assertThat(list(owner, "?metadata[order_id]=o").getJsonArray("data")).isEmpty();
    assertListError("?metadata[order-id]=o4", "\"metadata[order-id]\" is not allowed");
    assertListError("?metadata=o4", "\"metadata\" is not allowed");
  }

  @Test
  void searchesNeverReachAnotherUsersEmails() {
    Set<String> owners = new LinkedHashSet<>();
    sent.forEach(email -> owners.add(email.getString("id")));
    for (String query : List.of("?recipient=watcher@example.com", "?recipient=main3@example.com",
        "?metadata[order_id]=o3", "?limit=1000")) {
      List<String> found = ids(list(stranger, query));
      assertThat(found).as(query).hasSize(1).doesNotContainAnyElementsOf(owners);
    }
    JsonObject ownersFirst = list(owner, "?limit=1&recipient=watcher@example.com");
    JsonObject withOwnersCursor = list(stranger, "?limit=10&recipient=watcher@example.com&cursor="
        + encoded(ownersFirst.getString("next_cursor")));
    assertThat(ids(withOwnersCursor)).doesNotContainAnyElementsOf(owners);
  }

  @Test
  void offsetStopsAtOneMillion() {
    assertThat(list(owner, "?offset=1000000").getJsonArray("data")).isEmpty();
    assertListError("?offset=1000001", "\"offset\" must be less than or equal to 1000000");
  }
}
