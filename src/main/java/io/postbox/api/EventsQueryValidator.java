package io.postbox.api;

import io.postbox.contract.Schemas;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query of GET /v1/transactional/email/{emailId}/events (SPEC §15): {@code limit} and {@code offset} as
 * {@code events-query.json} gives them (the list query's, with a page of 100 by default), with the messages of
 * the list query. Result: {@code {"limit": int, "offset": long}}.
 */
final class EventsQueryValidator {
  private static final SchemaRules RULES = SchemaRules.of(Schemas.EVENTS_QUERY);
  static final QueryIntegers.Bounded LIMIT = QueryIntegers.Bounded.of(RULES, "limit");
  static final QueryIntegers.Bounded OFFSET = QueryIntegers.Bounded.of(RULES, "offset");
  private static final Set<String> PARAMS = RULES.propertyNames();

  private EventsQueryValidator() {
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
    for (String name : p.keySet()) {
      if (!PARAMS.contains(name)) {
        return ApiErrorOr.validationFailure("\"" + name + "\" is not allowed");
      }
    }
    return ApiErrorOr.of(new JsonObject().put("limit", limit.value().intValue()).put("offset", offset.value()));
  }
}
