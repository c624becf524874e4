package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListQueryValidatorTest {
  private static final String STATUS_MESSAGE =
      "\"status\" must be one of [UNSENT, ACCEPTED, SENT, DELIVERED, OPENED, BOUNCED, COMPLAINT]";
  private static final String SORT_BY_MESSAGE =
      "\"sort_by\" must be one of [created_at, +created_at, -created_at, updated_at, +updated_at, -updated_at]";

  private final ListQueryValidator validator = new ListQueryValidator();

  /** Pairs name, value, name, value…; a name given twice is a repeated parameter. */
  private static Map<String, List<String>> params(String... pairs) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      params.merge(pairs[i], List.of(pairs[i + 1]), (a, b) -> {
        List<String> both = new java.util.ArrayList<>(a);
        both.addAll(b);
        return both;
      });
    }
    return params;
  }

  private JsonObject http(String... pairs) {
    ApiErrorOr<JsonObject> result = validator.fromHttp(params(pairs));
    assertThat(result.error()).isNull();
    return result.value();
  }

  private String httpError(String... pairs) {
    ApiErrorOr<JsonObject> result = validator.fromHttp(params(pairs));
    assertThat(result.failed()).isTrue();
    assertThat(result.error().code()).isEqualTo("api_validation");
    assertThat(result.error().status()).isEqualTo(400);
    return result.error().message();
  }

  private JsonObject bus(JsonObject query) {
    ApiErrorOr<JsonObject> result = validator.fromBus(query);
    assertThat(result.error()).isNull();
    return result.value();
  }

  private String busError(JsonObject query) {
    ApiErrorOr<JsonObject> result = validator.fromBus(query);
    assertThat(result.failed()).isTrue();
    return result.error().message();
  }

  private static JsonObject defaults() {
    return withoutSearch(new JsonObject().put("limit", 10).put("offset", 0L).putNull("status").putNull("tag")
        .put("created_at", new JsonObject()).put("sort_by", "created_at").put("sort_descending", true)
        .put("exclude_params", false));
  }

  /** The query with the §25 members of a query that gives none of them. */
  private static JsonObject withoutSearch(JsonObject query) {
    query.putNull("recipient").put("metadata", new JsonObject());
    return query.put("cursor_binding", ListQueryValidator.cursorBinding(query)).putNull("after");
  }

  @Test
  void defaultsFromHttpAndBus() {
    assertThat(http()).isEqualTo(defaults());
    assertThat(bus(new JsonObject())).isEqualTo(defaults());
    assertThat(bus(null)).isEqualTo(defaults());
  }

  @Test
  void fullHttpQueryIsNormalised() {
    assertThat(http("limit", "50", "offset", "20", "status", "delivered", "tag", "welcome",
        "created_at[gte]", "2024-01-01", "created_at[lt]", "2024-02-01T10:20:30.123456+01:00",
        "sort_by", "-updated_at", "exclude_params", "true"))
        .isEqualTo(new JsonObject().put("limit", 50).put("offset", 20L).put("status", "DELIVERED").put("tag", "welcome")
            .put("created_at", new JsonObject().put("gte", "2024-01-01T00:00:00.000Z").put("lt", "2024-02-01T09:20:30.123Z"))
            .put("sort_by", "updated_at").put("sort_descending", true).put("exclude_params", true)
            .putNull("recipient").put("metadata", new JsonObject())
            .put("cursor_binding", ListQueryValidator.cursorBinding(new JsonObject().put("status", "DELIVERED")
                .put("tag", "welcome").put("created_at", new JsonObject().put("gte", "2024-01-01T00:00:00.000Z")
                    .put("lt", "2024-02-01T09:20:30.123Z")).put("sort_by", "updated_at").put("sort_descending", true)
                .put("metadata", new JsonObject())))
            .putNull("after"));
  }

  // --- limit, offset

  @Test
  void limitMessages() {
    assertThat(httpError("limit", "abc")).isEqualTo("\"limit\" must be a number");
    assertThat(httpError("limit", "")).isEqualTo("\"limit\" must be a number");
    assertThat(httpError("limit", "1.5")).isEqualTo("\"limit\" must be a number");
    assertThat(httpError("limit", "5", "limit", "6")).isEqualTo("\"limit\" must be a number");
    assertThat(httpError("limit", "0")).isEqualTo("\"limit\" must be greater than or equal to 1");
    assertThat(httpError("limit", "-3")).isEqualTo("\"limit\" must be greater than or equal to 1");
    assertThat(httpError("limit", "1001")).isEqualTo("\"limit\" must be less than or equal to 1000");
    assertThat(httpError("limit", "99999999999999999999999")).isEqualTo("\"limit\" must be less than or equal to 1000");
    assertThat(http("limit", "1").getInteger("limit")).isEqualTo(1);
    assertThat(http("limit", "1000").getInteger("limit")).isEqualTo(1000);
  }

  @Test
  void offsetMessages() {
    assertThat(httpError("offset", "x")).isEqualTo("\"offset\" must be a number");
    assertThat(httpError("offset", "-1")).isEqualTo("\"offset\" must be greater than or equal to 0");
    assertThat(httpError("offset", "9223372036854775808"))
        .isEqualTo("\"offset\" must be less than or equal to 1000000");
    assertThat(httpError("offset", "1000001")).isEqualTo("\"offset\" must be less than or equal to 1000000");
    assertThat(http("offset", "1000000").getLong("offset")).isEqualTo(1_000_000L);
    assertThat(http("offset", "0").getLong("offset")).isZero();
    assertThat(http("offset", "100000").getLong("offset")).isEqualTo(100_000L);
  }

  // --- status, tag

  @Test
  void statusIsCaseInsensitiveAndSingle() {
    assertThat(http("status", "Bounced").getString("status")).isEqualTo("BOUNCED");
    assertThat(httpError("status", "SENT", "status", "DELIVERED")).isEqualTo(STATUS_MESSAGE);
    assertThat(httpError("status", "LOST")).isEqualTo(STATUS_MESSAGE);
    assertThat(httpError("status", "")).isEqualTo(STATUS_MESSAGE);
    assertThat(httpError("status", "SENT,DELIVERED")).isEqualTo(STATUS_MESSAGE);
    assertThat(httpError("status", "s\u00e9nt")).isEqualTo(STATUS_MESSAGE);
  }

  @Test
  void tagMessages() {
    assertThat(http("tag", "t".repeat(255)).getString("tag")).hasSize(255);
    assertThat(httpError("tag", "t".repeat(256)))
        .isEqualTo("\"tag\" length must be less than or equal to 255 characters long");
    assertThat(httpError("tag", "a", "tag", "b")).isEqualTo("\"tag\" must be a string");
  }

  // --- created_at

  @Test
  void createdAtDateMeansMidnightUtc() {
    assertThat(http("created_at[gte]", "2024-01-01").getJsonObject("created_at"))
        .isEqualTo(new JsonObject().put("gte", "2024-01-01T00:00:00.000Z"));
  }

  @Test
  void createdAtKeepsOnlyGivenOperators() {
    assertThat(http("created_at[gt]", "2024-01-01T10:00", "created_at[lte]", "2024-01-02T10:00:00Z")
        .getJsonObject("created_at"))
        .isEqualTo(new JsonObject().put("gt", "2024-01-01T10:00:00.000Z").put("lte", "2024-01-02T10:00:00.000Z"));
  }

  @Test
  void createdAtReadsDecodedPlusAsOffsetSign() {
    assertThat(http("created_at[lt]", "2024-01-01T10:00:00 02:00").getJsonObject("created_at").getString("lt"))
        .isEqualTo("2024-01-01T08:00:00.000Z");
  }

  @Test
  void createdAtTimestampReturnedByPostboxRoundTrips() {
    assertThat(http("created_at[gte]", "2025-03-04T05:06:07.089Z").getJsonObject("created_at").getString("gte"))
        .isEqualTo("2025-03-04T05:06:07.089Z");
  }

  @Test
  void createdAtMessages() {
    assertThat(httpError("created_at", "2024-01-01")).isEqualTo("\"created_at\" must be of type object");
    assertThat(httpError("created_at", "")).isEqualTo("\"created_at\" must be of type object");
    assertThat(httpError("created_at[gte]", "20200101")).isEqualTo("\"created_at[gte]\" must be in ISO 8601 date format");
    assertThat(httpError("created_at[gte]", "")).isEqualTo("\"created_at[gte]\" must be in ISO 8601 date format");
    assertThat(httpError("created_at[lt]", "2024-13-01")).isEqualTo("\"created_at[lt]\" must be in ISO 8601 date format");
    assertThat(httpError("created_at[gt]", "yesterday")).isEqualTo("\"created_at[gt]\" must be in ISO 8601 date format");
    assertThat(httpError("created_at[gte]", "2024-01-01", "created_at[gte]", "2024-01-02"))
        .isEqualTo("\"created_at[gte]\" must be in ISO 8601 date format");
    assertThat(httpError("created_at[eq]", "2024-01-01")).isEqualTo("\"created_at[eq]\" must be in ISO 8601 date format");
  }

  // --- sort_by, exclude_params

  @Test
  void sortByForms() {
    assertThat(sort(http())).isEqualTo("created_at desc");
    assertThat(sort(http("sort_by", "created_at"))).isEqualTo("created_at desc");
    assertThat(sort(http("sort_by", "-created_at"))).isEqualTo("created_at desc");
    assertThat(sort(http("sort_by", "+created_at"))).isEqualTo("created_at asc");
    assertThat(sort(http("sort_by", " created_at"))).isEqualTo("created_at asc");
    assertThat(sort(http("sort_by", "updated_at"))).isEqualTo("updated_at desc");
    assertThat(sort(http("sort_by", "+updated_at"))).isEqualTo("updated_at asc");
    assertThat(sort(http("sort_by", " updated_at"))).isEqualTo("updated_at asc");
    assertThat(sort(http("sort_by", "-updated_at"))).isEqualTo("updated_at desc");
  }

  private static String sort(JsonObject query) {
    return query.getString("sort_by") + (query.getBoolean("sort_descending") ? " desc" : " asc");
  }

  @Test
  void sortByMessages() {
    assertThat(httpError("sort_by", "id")).isEqualTo(SORT_BY_MESSAGE);
    assertThat(httpError("sort_by", "xcreated_at")).isEqualTo(SORT_BY_MESSAGE);
    assertThat(httpError("sort_by", "created_at_x")).isEqualTo(SORT_BY_MESSAGE);
    assertThat(httpError("sort_by", "--created_at")).isEqualTo(SORT_BY_MESSAGE);
    assertThat(httpError("sort_by", "")).isEqualTo(SORT_BY_MESSAGE);
    assertThat(httpError("sort_by", "created_at", "sort_by", "updated_at")).isEqualTo(SORT_BY_MESSAGE);
  }

  @Test
  void excludeParams() {
    assertThat(http("exclude_params", "true").getBoolean("exclude_params")).isTrue();
    assertThat(http("exclude_params", "false").getBoolean("exclude_params")).isFalse();
    assertThat(httpError("exclude_params", "1")).isEqualTo("\"exclude_params\" must be a boolean");
    assertThat(httpError("exclude_params", "true", "exclude_params", "true")).isEqualTo("\"exclude_params\" must be a boolean");
  }

  // --- unknown params and order

  @Test
  void unknownParams() {
    assertThat(httpError("page", "2")).isEqualTo("\"page\" is not allowed");
    assertThat(httpError("created_atx", "2")).isEqualTo("\"created_atx\" is not allowed");
  }

  @Test
  void checkOrderIsLimitOffsetStatusTagCreatedAtSortByExcludeParamsUnknown() {
    String[] params = {"zzz", "1", "exclude_params", "x", "sort_by", "x", "created_at[gt]", "x", "tag", "t".repeat(256),
        "status", "x", "offset", "-1", "limit", "0"};
    String[] expected = {"\"limit\" must be greater than or equal to 1", "\"offset\" must be greater than or equal to 0",
        STATUS_MESSAGE, "\"tag\" length must be less than or equal to 255 characters long",
        "\"created_at[gt]\" must be in ISO 8601 date format", SORT_BY_MESSAGE, "\"exclude_params\" must be a boolean",
        "\"zzz\" is not allowed"};
    for (int i = 0; i < expected.length; i++) {
      String[] remaining = java.util.Arrays.copyOfRange(params, 0, params.length - 2 * i);
      assertThat(httpError(remaining)).as("step %d", i).isEqualTo(expected[i]);
    }
  }

  // --- bus form

  @Test
  void busQueryIsNormalisedLikeHttp() {
    JsonObject query = new JsonObject().put("limit", 50).put("offset", 20).put("status", "delivered").put("tag", "welcome")
        .put("created_at", new JsonObject().put("gte", "2024-01-01").put("lt", "2024-02-01T10:20:30.123456+01:00"))
        .put("sort_by", "+updated_at").put("exclude_params", true);
    assertThat(bus(query)).isEqualTo(http("limit", "50", "offset", "20", "status", "delivered", "tag", "welcome",
        "created_at[gte]", "2024-01-01", "created_at[lt]", "2024-02-01T10:20:30.123456+01:00",
        "sort_by", "+updated_at", "exclude_params", "true"));
  }

  @Test
  void busNullMembersCountAsAbsent() {
    JsonObject query = new JsonObject().putNull("limit").putNull("offset").putNull("status").putNull("tag")
        .putNull("created_at").putNull("sort_by").putNull("exclude_params").putNull("recipient").putNull("metadata")
        .putNull("cursor");
    assertThat(bus(query)).isEqualTo(defaults());
    assertThat(bus(new JsonObject().put("created_at", new JsonObject().putNull("gte")))).isEqualTo(defaults());
  }

  @Test
  void busMessages() {
    assertThat(busError(new JsonObject().put("limit", "10"))).isEqualTo("\"limit\" must be a number");
    assertThat(busError(new JsonObject().put("limit", 1.5))).isEqualTo("\"limit\" must be a number");
    assertThat(busError(new JsonObject().put("limit", 0))).isEqualTo("\"limit\" must be greater than or equal to 1");
    assertThat(busError(new JsonObject().put("limit", 1001))).isEqualTo("\"limit\" must be less than or equal to 1000");
    assertThat(busError(new JsonObject().put("offset", -1))).isEqualTo("\"offset\" must be greater than or equal to 0");
    assertThat(busError(new JsonObject().put("status", "nope"))).isEqualTo(STATUS_MESSAGE);
    assertThat(busError(new JsonObject().put("status", 3))).isEqualTo(STATUS_MESSAGE);
    assertThat(busError(new JsonObject().put("tag", 3))).isEqualTo("\"tag\" must be a string");
    assertThat(busError(new JsonObject().put("tag", "t".repeat(256))))
        .isEqualTo("\"tag\" length must be less than or equal to 255 characters long");
    assertThat(busError(new JsonObject().put("created_at", "2024-01-01"))).isEqualTo("\"created_at\" must be of type object");
    assertThat(busError(new JsonObject().put("created_at", new JsonObject().put("gte", "20200101"))))
        .isEqualTo("\"created_at[gte]\" must be in ISO 8601 date format");
    assertThat(busError(new JsonObject().put("created_at", new JsonObject().put("lt", 5))))
        .isEqualTo("\"created_at[lt]\" must be in ISO 8601 date format");
    assertThat(busError(new JsonObject().put("created_at", new JsonObject().put("eq", "2024-01-01"))))
        .isEqualTo("\"created_at[eq]\" must be in ISO 8601 date format");
    assertThat(busError(new JsonObject().put("sort_by", "id"))).isEqualTo(SORT_BY_MESSAGE);
    assertThat(busError(new JsonObject().put("exclude_params", 1))).isEqualTo("\"exclude_params\" must be a boolean");
    assertThat(busError(new JsonObject().put("page", 2))).isEqualTo("\"page\" is not allowed");
  }

  @Test
  void busAcceptsBooleanStringsAndIntegralNumbers() {
    assertThat(bus(new JsonObject().put("exclude_params", "true")).getBoolean("exclude_params")).isTrue();
    assertThat(bus(new JsonObject().put("limit", 25.0)).getInteger("limit")).isEqualTo(25);
  }
}
