package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postbox.contract.EmailStatus;
import io.postbox.contract.Schemas;
import io.postbox.contract.WebhookEvents;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each schema rule is written once, in the JSON Schema, and the validators answer with what it says. */
class SchemaRulesTest {
  private final SchemaRules send = SchemaRules.of(Schemas.SEND_REQUEST);
  private final SchemaRules list = SchemaRules.of(Schemas.LIST_QUERY);
  private final Schemas schemas = Schemas.instance();

  @Test
  void readsTheLimitsOfTheSendRequestSchema() {
    assertThat(send.maxLength("subject")).isEqualTo(998);
    assertThat(send.minLength("subject")).isEqualTo(1);
    assertThat(send.maxLength("tag")).isEqualTo(255);
    assertThat(send.maxLength("body")).isEqualTo(1_048_576);
    assertThat(send.required("recipient")).isTrue();
    assertThat(send.required("from")).isFalse();
    assertThat(send.examples("classification")).containsExactly("URGENT", "FOR_ACTION", "FOR_INFO");
    assertThat(send.enumValues("disable_tracking")).containsExactly(true, false, "true", "false");
    assertThat(send.defaultValue("disable_tracking")).isEqualTo(false);
  }

  @Test
  void theValidatorsUseWhatTheSchemaSays() {
    assertThat(SendRequestValidator.MAX_SUBJECT_LENGTH).isEqualTo(send.maxLength("subject"));
    assertThat(SendRequestValidator.MAX_TAG_LENGTH).isEqualTo(send.maxLength("tag"));
    assertThat(SendRequestValidator.MAX_BODY_BYTES).isEqualTo(send.maxLength("body"));
    assertThat(ListQueryValidator.LIMIT).isEqualTo(new QueryIntegers.Bounded("limit", 1, 1000L, 10));
    assertThat(ListQueryValidator.OFFSET).isEqualTo(new QueryIntegers.Bounded("offset", 0, 1_000_000L, 0));
    assertThat(EventsQueryValidator.LIMIT).isEqualTo(new QueryIntegers.Bounded("limit", 1, 1000L, 100));
    assertThat(ListQueryValidator.STATUSES)
        .containsExactly("UNSENT", "ACCEPTED", "SENT", "DELIVERED", "OPENED", "BOUNCED", "COMPLAINT");
    assertThat(ListQueryValidator.CREATED_AT_OPERATORS).containsExactly("gt", "gte", "lt", "lte");
  }

  @Test
  void theListTagIsTheSendTagWrittenOnce() {
    JsonObject tag = schemas.document(Schemas.LIST_QUERY).getJsonObject("properties").getJsonObject("tag");
    assertThat(tag.containsKey("maxLength")).isFalse();
    assertThat(tag.getString("$ref")).isEqualTo("send-request.json#/properties/tag");
    assertThat(list.maxLength("tag")).isEqualTo(send.maxLength("tag"));
    assertThat(ListQueryValidator.TAG_LENGTH_MESSAGE)
        .isEqualTo("\"tag\" length must be less than or equal to 255 characters long");
    assertThat(schemas.validator(Schemas.LIST_QUERY).validate(new JsonObject().put("tag", "t".repeat(255))).getValid())
        .isTrue();
    assertThat(schemas.validator(Schemas.LIST_QUERY).validate(new JsonObject().put("tag", "t".repeat(256))).getValid())
        .isFalse();
  }

  @Test
  void everyValueAMessageNamesIsAcceptedByItsPatternInAnyCase() {
    Map<SchemaRules, List<String>> patterned = Map.of(send, List.of("classification"), list, List.of("status"));
    patterned.forEach((rules, properties) -> properties.forEach(property -> {
      Pattern pattern = rules.pattern(property);
      for (String value : rules.examples(property)) {
        assertThat(pattern.matcher(value).matches()).as(value).isTrue();
        assertThat(pattern.matcher(value.toLowerCase(Locale.ROOT)).matches()).as(value).isTrue();
      }
    }));
    for (String value : list.examples("sort_by")) {
      assertThat(list.pattern("sort_by").matcher(value).matches()).as(value).isTrue();
    }
  }

  @Test
  void aLineBreakAfterAValueDoesNotSlipPastAPattern() {
    SendRequestValidator sendValidator = new SendRequestValidator();
    JsonObject request = new JsonObject().put("recipient", "a@b.com").put("subject", "s").put("body", "b");
    assertThat(sendValidator.validate(request.copy().put("classification", "URGENT\n")).error().message())
        .isEqualTo("\"classification\" must be one of [URGENT, FOR_ACTION, FOR_INFO]");
    ListQueryValidator listValidator = new ListQueryValidator();
    assertThat(listValidator.fromHttp(Map.of("status", List.of("SENT\n"))).error().message())
        .isEqualTo(ListQueryValidator.STATUS_MESSAGE);
    assertThat(listValidator.fromBus(new JsonObject().put("sort_by", "created_at\n")).error().message())
        .isEqualTo(ListQueryValidator.SORT_BY_MESSAGE);
    assertThat(PathParams.emailId("42\n").error().message()).isEqualTo(PathParams.EMAIL_ID_MESSAGE);
  }

  @Test
  void theWebhookRulesAreTheWebhookSchemas() {
    SchemaRules create = SchemaRules.of(Schemas.WEBHOOK_CREATE);
    assertThat(WebhookRequestValidator.MAX_URL_LENGTH).isEqualTo(create.maxLength("url")).isEqualTo(2048);
    assertThat(WebhookRequestValidator.MAX_DESCRIPTION_LENGTH).isEqualTo(create.maxLength("description"))
        .isEqualTo(255);
    assertThat(create.propertyNames()).containsExactly("url", "event_types", "enabled", "description");
    assertThat(create.defaultValue("description")).isNull();
    List<String> raisedByAStatus = Arrays.stream(EmailStatus.values())
        .map(status -> WebhookEvents.forStatus(status.name())).filter(Objects::nonNull).toList();
    List<String> raised = new ArrayList<>(raisedByAStatus);
    raised.add(WebhookEvents.SUPPRESSION_CREATED);
    assertThat(create.itemValues("event_types")).containsExactlyInAnyOrderElementsOf(raised);
    JsonObject update = schemas.document(Schemas.WEBHOOK_UPDATE).getJsonObject("properties");
    for (String field : update.fieldNames()) {
      assertThat(update.getJsonObject(field)).as(field)
          .isEqualTo(new JsonObject().put("$ref", "webhook-create.json#/properties/" + field));
    }
    JsonObject body = new JsonObject().put("url", "https://example.com/hook")
        .put("event_types", new JsonArray().add("email.sent"));
    assertThat(schemas.validator(Schemas.WEBHOOK_CREATE).validate(body).getValid()).isTrue();
    assertThat(schemas.validator(Schemas.WEBHOOK_CREATE).validate(body.copy().put("event_types", new JsonArray()))
        .getValid()).isFalse();
    assertThat(schemas.validator(Schemas.WEBHOOK_UPDATE).validate(new JsonObject().put("enabled", false)).getValid())
        .isTrue();
    assertThat(schemas.validator(Schemas.WEBHOOK_UPDATE).validate(new JsonObject().put("url", "u".repeat(2049)))
        .getValid()).isFalse();
  }

  @Test
  void theOtherQueriesPageLikeTheListWithTheirOwnDefaults() {
    SchemaRules events = SchemaRules.of(Schemas.EVENTS_QUERY);
    assertThat(events.minimum("limit")).isEqualTo(1);
    assertThat(events.maximum("limit")).isEqualTo(1000L);
    assertThat(events.defaultValue("limit")).isEqualTo(100);
    // the list's offset cap (SPEC §25) is the list's own: the others share its offset definition, without the cap
    assertThat(EventsQueryValidator.OFFSET).isEqualTo(new QueryIntegers.Bounded("offset", 0, null, 0));
    for (String file : List.of(Schemas.EVENTS_QUERY, Schemas.DELIVERIES_QUERY)) {
      JsonObject properties = schemas.document(file).getJsonObject("properties");
      assertThat(properties.getJsonObject("limit").getString("$ref")).as(file)
          .isEqualTo("list-query.json#/properties/limit");
      assertThat(properties.getJsonObject("offset").getString("$ref")).as(file)
          .isEqualTo("list-query.json#/$defs/offset");
    }
    assertThat(DeliveriesQueryValidator.STATUSES).containsExactly("pending", "succeeded", "failed");
    assertThat(StatsQueryValidator.GROUP_BY_MESSAGE).isEqualTo("\"group_by\" must be one of [month, tag, month,tag]");
    assertThat(schemas.validator(Schemas.STATS_QUERY).validate(new JsonObject().put("from", "2025-01-01")
        .put("group_by", "month,tag")).getValid()).isTrue();
    assertThat(schemas.validator(Schemas.STATS_QUERY).validate(new JsonObject().put("from", "20250101")).getValid())
        .isFalse();
  }

  @Test
  void theIdempotencyKeySyntaxIsTheSendHeadersSchema() {
    SchemaRules headers = SchemaRules.of(Schemas.SEND_HEADERS);
    assertThat(IdempotencyKeys.MIN_LENGTH).isEqualTo(headers.minLength("Idempotency-Key")).isEqualTo(1);
    assertThat(IdempotencyKeys.MAX_LENGTH).isEqualTo(headers.maxLength("Idempotency-Key")).isEqualTo(255);
    assertThat(IdempotencyKeys.isValidSyntax("k\n")).isFalse();
    assertThat(schemas.validator(Schemas.SEND_HEADERS).validate(new JsonObject().put("Idempotency-Key", "a b"))
        .getValid()).isFalse();
  }

  @Test
  void aKeywordTheSchemaLacksFailsLoudly() {
    assertThatThrownBy(() -> send.maxLength("from")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("send-request.json").hasMessageContaining("maxLength");
    assertThatThrownBy(() -> send.maxLength("nope")).isInstanceOf(IllegalStateException.class);
    assertThat(SchemaRules.of(Schemas.EVENTS_QUERY).maximum("offset")).isNull();
  }
}
