package io.postbox.api;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query of GET /v1/transactional/email/{emailId}/events (SPEC §15): {@code limit} within the bounds of the
 * list query's (1–1000) but 100 by default, and {@code offset} as in the list query; with the messages of the list
 * query. Result: {@code {"limit": int, "offset": long}}.
 */
final class EventsQueryValidator {
  static final QueryIntegers.Bounded LIMIT = new QueryIntegers.Bounded("limit", ListQueryValidator.LIMIT.min(),
      ListQueryValidator.LIMIT.max(), 100);
  private static final Set<String> PARAMS = Set.of("limit", "offset");

  private EventsQueryValidator() {
  }

  static ApiErrorOr<JsonObject> fromHttp(Map<String, List<String>> params) {
    Map<String, List<String>> p = params == null ? Map.of() : params;
    ApiErrorOr<Long> limit = LIMIT.fromHttp(p.get("limit"));
    if (limit.failed()) {
      return ApiErrorOr.failure(limit.error());
    }
    ApiErrorOr<Long> offset = ListQueryValidator.OFFSET.fromHttp(p.get("offset"));
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
