package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.ApiError;
import io.postbox.contract.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PathParams, EventsQueryValidator, IdempotencyKeys and IsoTimestamps. */
class SmallRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "abc", "9223372036854775808", "", " 1", "1 ", "+1", "1.0", "1e3", "٣"})
  void emailIdRejects(String raw) {
    ApiErrorOr<Long> id = PathParams.emailId(raw);
    assertThat(id.failed()).isTrue();
    assertThat(id.error()).isEqualTo(new ApiError(400, "api_validation", "\"emailId\" must be a number"));
  }

  @Test
  void emailIdAcceptsPositive64BitIntegers() {
    assertThat(PathParams.emailId("9223372036854775807").value()).isEqualTo(Long.MAX_VALUE);
    assertThat(PathParams.emailId("42").value()).isEqualTo(42L);
    assertThat(PathParams.emailId("007").value()).isEqualTo(7L);
    assertThat(PathParams.emailId(null).failed()).isTrue();
  }

  @Test
  void eventsQueryDefaults() {
    assertThat(EventsQueryValidator.fromHttp(Map.of()).value())
        .isEqualTo(new JsonObject().put("limit", 100).put("offset", 0L));
    assertThat(EventsQueryValidator.fromHttp(Map.of("limit", List.of("1000"), "offset", List.of("5"))).value())
        .isEqualTo(new JsonObject().put("limit", 1000).put("offset", 5L));
  }

  @Test
  void eventsQueryMessages() {
    assertThat(eventsError(Map.of("limit", List.of("abc")))).isEqualTo("\"limit\" must be a number");
    assertThat(eventsError(Map.of("limit", List.of("0")))).isEqualTo("\"limit\" must be greater than or equal to 1");
    assertThat(eventsError(Map.of("limit", List.of("1001")))).isEqualTo("\"limit\" must be less than or equal to 1000");
    assertThat(eventsError(Map.of("offset", List.of("x")))).isEqualTo("\"offset\" must be a number");
    assertThat(eventsError(Map.of("offset", List.of("-1")))).isEqualTo("\"offset\" must be greater than or equal to 0");
    assertThat(eventsError(Map.of("status", List.of("SENT")))).isEqualTo("\"status\" is not allowed");
    assertThat(eventsError(Map.of("limit", List.of("0"), "offset", List.of("-1")))).isEqualTo(
        "\"limit\" must be greater than or equal to 1");
  }

  private static String eventsError(Map<String, List<String>> params) {
    return EventsQueryValidator.fromHttp(params).error().message();
  }

  @Test
  void idempotencyKeySyntax() {
    assertThat(IdempotencyKeys.isValidSyntax("a")).isTrue();
    assertThat(IdempotencyKeys.isValidSyntax("!~" + "x".repeat(253))).isTrue();
    assertThat(IdempotencyKeys.isValidSyntax("x".repeat(256))).isFalse();
    assertThat(IdempotencyKeys.isValidSyntax("")).isFalse();
    assertThat(IdempotencyKeys.isValidSyntax(null)).isFalse();
    assertThat(IdempotencyKeys.isValidSyntax("a b")).isFalse();
    assertThat(IdempotencyKeys.isValidSyntax("a\u007f")).isFalse();
    assertThat(IdempotencyKeys.isValidSyntax("clé")).isFalse();
    assertThat(IdempotencyKeys.INVALID_MESSAGE).isEqualTo("\"Idempotency-Key\" must be 1 to 255 printable ASCII characters");
    assertThat(IdempotencyKeys.check("a\tb")).isEqualTo(ApiError.validation(IdempotencyKeys.INVALID_MESSAGE));
    assertThat(IdempotencyKeys.check("ok")).isNull();
  }

  @Test
  void timestampsFormatWithMilliseconds() {
    assertThat(Timestamps.format(Instant.parse("2025-03-04T05:06:07.089999Z"))).isEqualTo("2025-03-04T05:06:07.089Z");
    assertThat(Timestamps.format(Instant.parse("2025-03-04T05:06:07Z"))).isEqualTo("2025-03-04T05:06:07.000Z");
  }

  @Test
  void timestampsParseDatesAndDateTimes() {
    assertThat(IsoTimestamps.parse("2024-01-01", false)).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(IsoTimestamps.parse("2024-01-01T10:20", false)).isEqualTo(Instant.parse("2024-01-01T10:20:00Z"));
    assertThat(IsoTimestamps.parse("2024-01-01T10:20:30.5+02:00", false)).isEqualTo(Instant.parse("2024-01-01T08:20:30.5Z"));
    assertThat(IsoTimestamps.parse("2024-01-01T10:20:30-0130", false)).isEqualTo(Instant.parse("2024-01-01T11:50:30Z"));
    assertThat(IsoTimestamps.parse("2024-01-01T10:20:30 02", true)).isEqualTo(Instant.parse("2024-01-01T08:20:30Z"));
    assertThat(IsoTimestamps.parse("2024-01-01T10:20:30 02", false)).isNull();
    assertThat(IsoTimestamps.parse("2024-02-30", false)).isNull();
    assertThat(IsoTimestamps.parse("2024-01-01T24:00", false)).isNull();
    assertThat(IsoTimestamps.parse("20200101", false)).isNull();
    assertThat(IsoTimestamps.parse("2024-01-01T10", false)).isNull();
    assertThat(IsoTimestamps.parse("", false)).isNull();
  }
}
