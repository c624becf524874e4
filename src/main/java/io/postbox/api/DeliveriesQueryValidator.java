package io.postbox.api;

import io.postbox.contract.ControlCharacters;
import io.postbox.contract.Schemas;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query of GET /v1/webhooks/{id}/deliveries (SPEC §16), as {@code deliveries-query.json} gives it: {@code limit}
 * and {@code offset} as in the list query, {@code status} one of pending, succeeded, failed; then unknown
 * parameters. Result:
 * {@code {"limit": int, "offset": long, "status": String|null}}.
 */
final class DeliveriesQueryValidator {
  private static final SchemaRules RULES = SchemaRules.of(Schemas.DELIVERIES_QUERY);
  static final List<String> STATUSES = RULES.enumValues("status").stream().map(String.class::cast).toList();
  private static final QueryIntegers.Bounded LIMIT = QueryIntegers.Bounded.of(RULES, "limit");
  private static final QueryIntegers.Bounded OFFSET = QueryIntegers.Bounded.of(RULES, "offset");
  private static final Set<String> PARAMS = RULES.propertyNames();

  private DeliveriesQueryValidator() {
  }

  static ApiErrorOr<JsonObject> fromHttp(Map<String, List<String>> params) {
    Map<String, List<String>> p = params == null ? Map.of() : params;
    ApiErrorOr<Long> limit = LIMIT.fromHttp(p.get("limit"));
    if (limit.failed()) {
      return ApiErrorOr.failure(limit.error());
    }
    ApiErrorOr<Long> offset = OFFSET.fromHttp(p.get("offset"));
    if (offset.failed()) {
      return ApiErrorOr.failure(offset.error());
    }
    List<String> status = p.get("status");
    String control = ControlCharacters.check("status", status);
    if (control != null) {
      return ApiErrorOr.validationFailure(control);
    }
    if (status != null && (status.size() != 1 || !STATUSES.contains(status.get(0)))) {
      return ApiErrorOr.validationFailure("\"status\" must be one of [" + String.join(", ", STATUSES) + "]");
    }
    for (String name : p.keySet()) {
      if (!PARAMS.contains(name)) {
        return ApiErrorOr.validationFailure("\"" + name + "\" is not allowed");
      }
    }
    return ApiErrorOr.of(new JsonObject().put("limit", limit.value().intValue()).put("offset", offset.value())
        .put("status", status == null ? null : status.get(0)));
  }
}
