package io.postbox.api;

import io.postbox.contract.ControlCharacters;
import io.postbox.contract.Schemas;
import io.postbox.contract.WebhookUrls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of POST and PATCH /v1/webhooks (SPEC §16). Fields are checked in the order url, event_types, enabled,
 * description, then unknown keys; the first failure is reported. The result holds the normalised fields: for a
 * create all four (defaults {@code enabled: true}, {@code description: null}), for a patch only those given.
 * Text values are checked for control characters (SPEC §24) after their type and length, before their format.
 *
 * <p>{@code webhook-create.json} and {@code webhook-update.json} are where each schema rule is written: the fields
 * and their order, which are required, the length limits, the event types, the defaults; the code reads them from
 * there ({@link SchemaRules}).
 */
final class WebhookRequestValidator {
  private static final SchemaRules CREATE = SchemaRules.of(Schemas.WEBHOOK_CREATE);
  private static final SchemaRules UPDATE = SchemaRules.of(Schemas.WEBHOOK_UPDATE);

  static final int MAX_URL_LENGTH = CREATE.maxLength("url");
  static final int MAX_DESCRIPTION_LENGTH = CREATE.maxLength("description");
  static final String URL_MESSAGE = "\"url\" must be a valid uri with a scheme matching the http|https pattern";
  private static final List<String> EVENT_TYPES = CREATE.itemValues("event_types");
  private static final int MIN_EVENT_TYPES = CREATE.minItems("event_types");
  private static final boolean UNIQUE_EVENT_TYPES = CREATE.uniqueItems("event_types");
  static final String EVENT_TYPE_MESSAGE = "must be one of [" + String.join(", ", EVENT_TYPES) + "]";
  private static final Boolean ENABLED_DEFAULT = (Boolean) CREATE.defaultValue("enabled");
  private static final Set<String> FIELDS = CREATE.propertyNames();

  private WebhookRequestValidator() {
  }

  static ApiErrorOr<JsonObject> forCreate(JsonObject body) {
    return validate(body, false);
  }

  static ApiErrorOr<JsonObject> forUpdate(JsonObject body) {
    return validate(body, true);
  }

  private static ApiErrorOr<JsonObject> validate(JsonObject body, boolean patch) {
    SchemaRules rules = patch ? UPDATE : CREATE;
    JsonObject out = new JsonObject();
    Object url = body.getValue("url");
    if (url == null && (rules.required("url") || body.containsKey("url"))) {
      return ApiErrorOr.validationFailure(rules.required("url") ? "\"url\" is required" : "\"url\" must be a string");
    }
    if (url != null) {
      String error = urlError(url);
      if (error != null) {
        return ApiErrorOr.validationFailure(error);
      }
      out.put("url", url);
    }
    Object types = body.getValue("event_types");
    if (types == null && (rules.required("event_types") || body.containsKey("event_types"))) {
      return ApiErrorOr.validationFailure(
          rules.required("event_types") ? "\"event_types\" is required" : "\"event_types\" must be an array");
    }
    if (types != null) {
      if (!(types instanceof JsonArray array)) {
        return ApiErrorOr.validationFailure("\"event_types\" must be an array");
      }
      if (array.size() < MIN_EVENT_TYPES) {
        return ApiErrorOr.validationFailure("\"event_types\" must contain at least " + MIN_EVENT_TYPES + " items");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < array.size(); i++) {
        Object type = array.getValue(i);
        if (type instanceof String text && ControlCharacters.present(text)) {
          return ApiErrorOr.validationFailure(ControlCharacters.message("event_types[" + i + "]"));
        }
        if (!(type instanceof String text) || !EVENT_TYPES.contains(text)) {
          return ApiErrorOr.validationFailure("\"event_types[" + i + "]\" " + EVENT_TYPE_MESSAGE);
        }
        if (!seen.add(text) && UNIQUE_EVENT_TYPES) {
          return ApiErrorOr.validationFailure("\"event_types[" + i + "]\" contains a duplicate value");
        }
      }
      out.put("event_types", array.copy());
    }
    if (body.containsKey("enabled")) {
      if (!(body.getValue("enabled") instanceof Boolean enabled)) {
        return ApiErrorOr.validationFailure("\"enabled\" must be a boolean");
      }
      out.put("enabled", enabled);
    } else if (!patch) {
      out.put("enabled", ENABLED_DEFAULT);
    }
    if (body.containsKey("description")) {
      Object description = body.getValue("description");
      if (description != null && !(description instanceof String)) {
        return ApiErrorOr.validationFailure("\"description\" must be a string");
      }
      if (description != null && SendRequestValidator.longerThan((String) description, MAX_DESCRIPTION_LENGTH)) {
        return ApiErrorOr.validationFailure(
            "\"description\" length must be less than or equal to " + MAX_DESCRIPTION_LENGTH + " characters long");
      }
      String control = ControlCharacters.check("description", (String) description);
      if (control != null) {
        return ApiErrorOr.validationFailure(control);
      }
      out.put("description", description);
    } else if (!patch) {
      out.put("description", CREATE.defaultValue("description"));
    }
    for (String key : body.fieldNames()) {
      if (!FIELDS.contains(key)) {
        return ApiErrorOr.validationFailure("\"" + key + "\" is not allowed");
      }
    }
    return ApiErrorOr.of(out);
  }

  private static String urlError(Object value) {
    if (!(value instanceof String url)) {
      return "\"url\" must be a string";
    }
    if (SendRequestValidator.longerThan(url, MAX_URL_LENGTH)) {
      return "\"url\" length must be less than or equal to " + MAX_URL_LENGTH + " characters long";
    }
    if (ControlCharacters.present(url)) {
      return ControlCharacters.message("url");
    }
    return WebhookUrls.host(url) == null ? URL_MESSAGE : null;
  }
}
