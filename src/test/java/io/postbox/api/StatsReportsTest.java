package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC §18 query rules and rate arithmetic, without a database. */
class StatsReportsTest {
  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07.089123Z");

  private static ApiErrorOr<JsonObject> query(Map<String, List<String>> params) {
    return StatsQueryValidator.fromHttp(params, NOW);
  }

  @Test
  void ratesHaveFourDecimalsRoundedHalfUpAndNullWithoutADenominator() {
    assertThat(StatsReports.rate(1, 3)).isEqualTo(0.3333);
    assertThat(StatsReports.rate(2, 3)).isEqualTo(0.6667);
    assertThat(StatsReports.rate(1, 20_000)).isEqualTo(0.0001);
    assertThat(StatsReports.rate(1, 20_001)).isEqualTo(0.0);
    assertThat(StatsReports.rate(7, 7)).isEqualTo(1.0);
    assertThat(StatsReports.rate(0, 0)).isNull();
    assertThat(new JsonObject().put("r", StatsReports.rate(112, 118)).encode()).isEqualTo("{\"r\":0.9492}");
  }

  @Test
  void defaultsAreTheThirtyDaysBeforeNowToTheMillisecond() {
    JsonObject q = query(Map.of()).value();
    assertThat(q).isEqualTo(new JsonObject().put("from", "2025-02-02T05:06:07.089Z")
        .put("to", "2025-03-04T05:06:07.089Z").put("group_by", new JsonArray()));
    assertThat(query(Map.of("from", List.of("2025-03-01"))).value().getString("to"))
        .isEqualTo("2025-03-04T05:06:07.089Z");
    assertThat(query(Map.of("group_by", List.of("month,tag"))).value().getJsonArray("group_by"))
        .containsExactly("month", "tag");
  }

  @Test
  void anEmptyWindowWithoutGroupingStillHasOneGroup() {
    JsonObject q = query(Map.of()).value();
    JsonObject report = StatsReports.of(q, new JsonObject().put("groups", new JsonArray()));
    JsonObject group = report.getJsonArray("data").getJsonObject(0);
    assertThat(group.getLong("total")).isZero();
    assertThat(group.getJsonObject("counts").fieldNames())
        .containsExactly("UNSENT", "ACCEPTED", "SENT", "DELIVERED", "OPENED", "BOUNCED", "COMPLAINT", "SCHEDULED",
            "CANCELLED");
    assertThat(group.getJsonObject("rates").encode())
        .isEqualTo("{\"delivery\":null,\"bounce\":null,\"complaint\":null,\"open\":null}");
  }

  @Test
  void checksRunInOrderAndUnknownParametersComeLast() {
    assertThat(query(Map.of("x", List.of("1"), "to", List.of("nope"))).error().message())
        .isEqualTo("\"to\" must be in ISO 8601 date format");
    assertThat(query(Map.of("x", List.of("1"), "group_by", List.of(""))).error().message())
        .isEqualTo("\"group_by\" must be one of [month, tag, month,tag]");
    assertThat(query(Map.of("x", List.of("1"))).error().message()).isEqualTo("\"x\" is not allowed");
    assertThat(query(Map.of("from", List.of("2024-01-01"), "to", List.of("2023-12-31"))).error().message())
        .isEqualTo("\"from\" must be before \"to\"");
    assertThat(query(Map.of("from", List.of("2024-01-01"), "to", List.of("2025-02-05"))).error().message())
        .isEqualTo("\"to\" must be at most 400 days after \"from\"");
    assertThat(query(Map.of("from", List.of("2024-01-01T00:00:00 01:00"), "to", List.of("2024-02-01"))).value().getString("from"))
        .isEqualTo("2023-12-31T23:00:00.000Z");
  }
}
