package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.ControlCharacters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §24 in the validators: control characters in every text field, query value and path id; subject length. */
class InputRulesTest {
  private static final String NUL = "\u0000";
  private final SendRequestValidator send = new SendRequestValidator();
  private final ListQueryValidator list = new ListQueryValidator();

  private static JsonObject minimal() {
    return new JsonObject().put("recipient", "a@b.com").put("subject", "Hello").put("body", "<p>Hi</p>");
  }

  private String sendError(JsonObject raw) {
    ValidatedSend result = send.validate(raw);
    assertThat(result.failed()).as("expected a failure for %s", raw).isTrue();
    assertThat(result.error().code()).isEqualTo("api_validation");
    return result.error().message();
  }

  private static String control(String field) {
    return "\"" + field + "\" must not contain control characters";
  }

  private static Map<String, List<String>> query(String name, String value) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put(name, List.of(value));
    return params;
  }

  private static String message(ApiErrorOr<?> result) {
    assertThat(result.failed()).isTrue();
    assertThat(result.error().code()).isEqualTo("api_validation");
    return result.error().message();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "\u0001", "\u0007", "\u0008", "\u000b", "\u000c", "\u001b", "\u001f"})
  void everyC0ControlButTabCrLfIsRefused(String c) {
    assertThat(ControlCharacters.present("a" + c + "b")).isTrue();
    assertThat(sendError(minimal().put("tag", "a" + c))).isEqualTo(control("tag"));
  }

  @Test
  void tabCrLfAndOtherCharactersAreNotControlsHere() {
    assertThat(ControlCharacters.present("a\tb\r\nc \u007f\u0085\u2028\ud800\uffff")).isFalse();
    assertThat(send.validate(minimal().put("tag", "a\tb\r\nc")).failed()).isFalse();
    assertThat(send.validate(minimal().put("subject", "line\r\nInjected: header")).failed()).isFalse();
  }

  @Test
  void everySendTextFieldRefusesControlCharacters() {
    assertThat(sendError(minimal().put("recipient", "a" + NUL + "@b.com"))).isEqualTo(control("recipient"));
    assertThat(sendError(minimal().put("subject", "Hi" + NUL))).isEqualTo(control("subject"));
    assertThat(sendError(minimal().put("body", "<p>" + NUL + "</p>"))).isEqualTo(control("body"));
    assertThat(sendError(minimal().put("from", "Me <me@b.com>" + NUL))).isEqualTo(control("from"));
    assertThat(sendError(minimal().put("reply_to", NUL + "r@b.com"))).isEqualTo(control("reply_to"));
    assertThat(sendError(minimal().put("classification", "URGENT" + NUL))).isEqualTo(control("classification"));
    assertThat(sendError(minimal().put("tag", "t" + NUL))).isEqualTo(control("tag"));
    assertThat(sendError(minimal().put("cc", new JsonArray().add("c@b.com").add("d" + NUL + "@b.com"))))
        .isEqualTo(control("cc[1]"));
    assertThat(sendError(minimal().put("bcc", "[\"x@b.com\"]" + NUL))).isEqualTo(control("bcc"));
    assertThat(sendError(minimal().put("bcc", "[\"x\\u0000@b.com\"]"))).isEqualTo(control("bcc[0]"));
  }

  @Test
  void theControlCheckComesAfterTypeAndLengthAndBeforeFormat() {
    assertThat(sendError(minimal().put("tag", NUL.repeat(256))))
        .isEqualTo("\"tag\" length must be less than or equal to 255 characters long");
    assertThat(sendError(minimal().put("subject", NUL.repeat(999)))).isEqualTo("\"subject\" must be at most 998 characters");
    assertThat(sendError(minimal().put("recipient", "not an email" + NUL))).isEqualTo(control("recipient"));
    assertThat(sendError(minimal().put("classification", "nope" + NUL))).isEqualTo(control("classification"));
    assertThat(sendError(minimal().put("recipient", 5))).isEqualTo("\"recipient\" must be a valid email");
  }

  @Test
  void fieldsAreStillCheckedInTableOrder() {
    JsonObject raw = minimal().put("subject", "s" + NUL).put("tag", "t" + NUL).put("recipient", "nope");
    assertThat(sendError(raw)).isEqualTo("\"recipient\" must be a valid email");
    assertThat(sendError(raw.put("recipient", "a@b.com"))).isEqualTo(control("subject"));
  }

  @Test
  void subjectIsLimitedTo998CharactersNotBytes() {
    assertThat(send.validate(minimal().put("subject", "x".repeat(998))).failed()).isFalse();
    assertThat(send.validate(minimal().put("subject", "\u00e9".repeat(998))).failed()).isFalse();
    assertThat(send.validate(minimal().put("subject", "\ud83d\udce7".repeat(998))).failed()).isFalse();
    assertThat(sendError(minimal().put("subject", "x".repeat(999)))).isEqualTo("\"subject\" must be at most 998 characters");
    assertThat(sendError(minimal().put("subject", "\ud83d\udce7".repeat(999))))
        .isEqualTo("\"subject\" must be at most 998 characters");
  }

  @Test
  void aHugeSubjectIsRefusedCheaply() {
    JsonObject raw = minimal().put("subject", "<b>x</b>".repeat(800_000));
    sendError(raw);
    long fastest = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      assertThat(sendError(raw)).isEqualTo("\"subject\" must be at most 998 characters");
      fastest = Math.min(fastest, System.nanoTime() - start);
    }
    assertThat(fastest / 1_000_000).as("milliseconds to refuse a 6.4 MB subject").isLessThan(250);
  }

  @Test
  void listQueryValuesRefuseControlCharactersOverHttpAndBus() {
    for (String name : List.of("limit", "offset", "status", "tag", "created_at[gte]", "sort_by", "exclude_params")) {
      assertThat(message(list.fromHttp(query(name, "1" + NUL)))).as(name).isEqualTo(control(name));
    }
    for (String name : List.of("status", "tag", "sort_by", "exclude_params")) {
      assertThat(message(list.fromBus(new JsonObject().put(name, "x" + NUL)))).as(name).isEqualTo(control(name));
    }
    assertThat(message(list.fromBus(new JsonObject().put("created_at", new JsonObject().put("lt", NUL)))))
        .isEqualTo(control("created_at[lt]"));
  }

  @Test
  void unterminatedCreatedAtBracketIsAValidationErrorNotACrash() {
    assertThat(message(list.fromHttp(query("created_at[", "2024-01-01"))))
        .isEqualTo("\"created_at[\" must be in ISO 8601 date format");
    assertThat(message(list.fromHttp(query("created_at[gte", "2024-01-01"))))
        .isEqualTo("\"created_at[gte\" must be in ISO 8601 date format");
    assertThat(message(list.fromHttp(query("created_at[]", "2024-01-01"))))
        .isEqualTo("\"created_at[]\" must be in ISO 8601 date format");
  }

  @Test
  void statsEventsAndDeliveriesQueriesRefuseControlCharacters() {
    Instant now = Instant.parse("2025-06-01T00:00:00Z");
    for (String name : List.of("from", "to", "group_by")) {
      assertThat(message(StatsQueryValidator.fromHttp(query(name, "month" + NUL), now))).isEqualTo(control(name));
    }
    for (String name : List.of("limit", "offset")) {
      assertThat(message(EventsQueryValidator.fromHttp(query(name, NUL)))).isEqualTo(control(name));
      assertThat(message(DeliveriesQueryValidator.fromHttp(query(name, NUL)))).isEqualTo(control(name));
    }
    assertThat(message(DeliveriesQueryValidator.fromHttp(query("status", "failed" + NUL)))).isEqualTo(control("status"));
  }

  @Test
  void pathIdsRefuseControlCharacters() {
    assertThat(message(PathParams.emailId("1" + NUL))).isEqualTo(control("emailId"));
    assertThat(message(PathParams.webhookId("wh_1" + NUL))).isEqualTo(control("webhookId"));
    assertThat(message(PathParams.deliveryId("\u001bwhd_1"))).isEqualTo(control("deliveryId"));
    assertThat(PathParams.webhookId("wh_../../etc").value()).isEqualTo("wh_../../etc");
    assertThat(PathParams.emailId("12").value()).isEqualTo(12L);
  }

  @Test
  void webhookTextFieldsRefuseControlCharacters() {
    JsonObject create = new JsonObject().put("url", "https://example.com/hook")
        .put("event_types", new JsonArray().add("email.sent")).put("description", "Orders");
    Function<JsonObject, String> createError = body -> message(WebhookRequestValidator.forCreate(body));
    assertThat(WebhookRequestValidator.forCreate(create).failed()).isFalse();
    assertThat(createError.apply(create.copy().put("url", "https://example.com/" + NUL))).isEqualTo(control("url"));
    assertThat(createError.apply(create.copy().put("event_types", new JsonArray().add("email.sent").add(NUL))))
        .isEqualTo(control("event_types[1]"));
    assertThat(createError.apply(create.copy().put("description", "a" + NUL))).isEqualTo(control("description"));
    assertThat(message(WebhookRequestValidator.forUpdate(new JsonObject().put("description", "\u0007"))))
        .isEqualTo(control("description"));
    assertThat(WebhookRequestValidator.forCreate(create.copy().put("description", "\ud83d\udce7".repeat(255))).failed())
        .isFalse();
  }
}
