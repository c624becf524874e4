package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §5: get and list, with every parameter, exact has_more and tenant isolation. */
class ReadApiTest {
  private static final String LIST = "/v1/transactional/email";
  private static TestPostbox postbox;
  private static TestUser owner;
  private static TestUser stranger;
  private static final List<JsonObject> sent = new ArrayList<>();

  @BeforeAll
  static void start() {
    // sandbox events far in the future, so that statuses stay as sent while the filters are checked
    postbox = TestPostbox.start(java.util.Map.of("POSTBOX_SANDBOX_TIME_SCALE", "1000"));
    owner = postbox.createUser("reader", 1000);
    stranger = postbox.createUser("stranger", 1000);
    for (int i = 0; i < 5; i++) {
      JsonObject body = new JsonObject().put("recipient", "r" + i + "@example.com").put("subject", "S" + i)
          .put("body", "<p>" + i + "</p>").put("tag", i % 2 == 0 ? "even" : "odd")
          .put("cc", new JsonArray().add("x" + i + "@example.com").add("y" + i + "@example.com"));
      HttpResponse<Buffer> response = postbox.send(owner, body);
      assertThat(response.statusCode()).isEqualTo(201);
      sent.add(response.bodyAsJsonObject());
    }
    HttpResponse<Buffer> failed = postbox.send(owner, new JsonObject().put("recipient", "f@example.com")
        .put("subject", "S").put("body", "b").put("from", "nobody@example.com"));
    assertThat(failed.statusCode()).isEqualTo(400);
    postbox.send(stranger, new JsonObject().put("recipient", "r@example.com").put("subject", "S").put("body", "b"));
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static JsonObject list(String query) {
    HttpResponse<Buffer> response = postbox.get(owner, LIST + query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static List<String> ids(JsonObject page) {
    List<String> ids = new ArrayList<>();
    page.getJsonArray("data").forEach(email -> ids.add(((JsonObject) email).getString("id")));
    return ids;
  }

  private static String sentId(int index) {
    return sent.get(index).getString("id");
  }

  @Test
  void getReturnsTheEmailWithParams() {
    HttpResponse<Buffer> response = postbox.get(owner, LIST + "/" + sentId(2));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject()).isEqualTo(sent.get(2));
  }

  @Test
  void getOfAnotherUsersEmailIsNotFound() {
    HttpResponse<Buffer> response = postbox.get(stranger, LIST + "/" + sentId(2));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("code", "not_found")
        .put("message", "Email message with ID " + sentId(2) + " not found."));
  }

  @Test
  void getWithABadIdIsAValidationError() {
    for (String bad : List.of("abc", "0", "-1", "9223372036854775808")) {
      HttpResponse<Buffer> response = postbox.get(owner, LIST + "/" + bad);
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("\"emailId\" must be a number");
    }
    assertThat(postbox.get(owner, LIST + "/9223372036854775807").statusCode()).isEqualTo(404);
  }

  @Test
  void listIsNewestFirstByDefaultWithTheUnsentRowAndNothingOfOthers() {
    JsonObject page = list("?limit=100");
    assertThat(page.getBoolean("has_more")).isFalse();
    assertThat(page.getJsonArray("data")).hasSize(6);
    assertThat(ids(page).subList(1, 6)).containsExactly(sentId(4), sentId(3), sentId(2), sentId(1), sentId(0));
    assertThat(page.getJsonArray("data").getJsonObject(0).getString("status")).isEqualTo("UNSENT");
  }

  @Test
  void hasMoreIsExactAndCcRowsDoNotInflateIt() {
    JsonObject firstFive = list("?limit=5&status=accepted");
    assertThat(firstFive.getJsonArray("data")).hasSize(5);
    assertThat(firstFive.getBoolean("has_more")).isFalse();
    JsonObject firstFour = list("?limit=4&status=ACCEPTED");
    assertThat(firstFour.getBoolean("has_more")).isTrue();
    JsonObject lastOne = list("?limit=4&offset=4&status=ACCEPTED");
    assertThat(ids(lastOne)).containsExactly(sentId(0));
    assertThat(lastOne.getBoolean("has_more")).isFalse();
  }

  @Test
  void ascendingSortAcceptsAnEncodedPlusALiteralPlusAndASpace() {
    for (String sort : List.of("%2Bcreated_at", "+created_at", "%20created_at")) {
      JsonObject page = list("?status=ACCEPTED&sort_by=" + sort);
      assertThat(ids(page)).as(sort).containsExactly(sentId(0), sentId(1), sentId(2), sentId(3), sentId(4));
    }
    assertThat(ids(list("?status=ACCEPTED&sort_by=-updated_at")).get(0)).isEqualTo(sentId(4));
  }

  @Test
  void tagAndCreatedAtFiltersCombine() {
    assertThat(ids(list("?tag=even&sort_by=%2Bcreated_at"))).containsExactly(sentId(0), sentId(2), sentId(4));
    String createdAt = sent.get(2).getString("created_at");
    JsonObject since = list("?status=ACCEPTED&created_at[gte]=" + createdAt);
    assertThat(ids(since)).contains(sentId(2)).doesNotContain(sentId(0), sentId(1));
    JsonObject before = list("?status=ACCEPTED&created_at[lt]=" + createdAt);
    assertThat(ids(before)).doesNotContain(sentId(2), sentId(3), sentId(4));
    assertThat(ids(list("?created_at[gte]=2000-01-01&created_at[lt]=2000-01-02"))).isEmpty();
  }

  @Test
  void excludeParamsLeavesParamsOut() {
    JsonObject email = list("?limit=1&exclude_params=true").getJsonArray("data").getJsonObject(0);
    assertThat(email.containsKey("params")).isFalse();
    assertThat(email.containsKey("cc")).isTrue();
    assertThat(list("?limit=1").getJsonArray("data").getJsonObject(0).containsKey("params")).isTrue();
  }

  @Test
  void badListParametersAreValidationErrors() {
    assertListError("?limit=abc", "\"limit\" must be a number");
    assertListError("?limit=0", "\"limit\" must be greater than or equal to 1");
    assertListError("?limit=1001", "\"limit\" must be less than or equal to 1000");
    assertListError("?offset=-1", "\"offset\" must be greater than or equal to 0");
    assertListError("?status=LOST",
        "\"status\" must be one of [UNSENT, ACCEPTED, SENT, DELIVERED, OPENED, BOUNCED, COMPLAINT]");
    assertListError("?created_at=2024-01-01", "\"created_at\" must be of type object");
    assertListError("?created_at[gte]=20200101", "\"created_at[gte]\" must be in ISO 8601 date format");
    assertListError("?sort_by=name",
        "\"sort_by\" must be one of [created_at, +created_at, -created_at, updated_at, +updated_at, -updated_at]");
    assertListError("?exclude_params=maybe", "\"exclude_params\" must be a boolean");
    assertListError("?page=2", "\"page\" is not allowed");
  }

  private static void assertListError(String query, String message) {
    HttpResponse<Buffer> response = postbox.get(owner, LIST + query);
    assertThat(response.statusCode()).as(query).isEqualTo(400);
    assertThat(response.bodyAsJsonObject()).as(query)
        .isEqualTo(new JsonObject().put("code", "api_validation").put("message", message));
  }

  @Test
  void readsNeedAValidKey() {
    HttpResponse<Buffer> response = TestPostbox.await(postbox.http.get(LIST).send());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("unauthenticated");
  }
}
