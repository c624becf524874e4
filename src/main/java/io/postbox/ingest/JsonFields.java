package io.postbox.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Typed reads of decoded JSON that never throw ClassCastException: required fields fail as malformed events. */
final class JsonFields {
  private JsonFields() {
  }

  static JsonObject requiredObject(JsonObject parent, String key, String path) {
    if (parent.getValue(key) instanceof JsonObject object) {
      return object;
    }
    throw new MalformedSesEvent(path + " is missing or not an object");
  }

  static JsonObject optionalObject(JsonObject parent, String key, String path) {
    Object value = parent.getValue(key);
    if (value == null || value instanceof JsonObject) {
      return (JsonObject) value;
    }
    throw new MalformedSesEvent(path + " is not an object");
  }

  static String requiredText(JsonObject parent, String key, String path) {
    if (parent.getValue(key) instanceof String text && !text.isBlank()) {
      return text;
    }
    throw new MalformedSesEvent(path + " is missing or not a non-empty string");
  }

  static JsonArray requiredNonEmptyArray(JsonObject parent, String key, String path) {
    if (parent.getValue(key) instanceof JsonArray array && !array.isEmpty()) {
      return array;
    }
    throw new MalformedSesEvent(path + " is missing, not an array or empty");
  }

  /** The string at {@code key}, or null when it is missing or of another type. */
  static String text(JsonObject parent, String key) {
    return parent != null && parent.getValue(key) instanceof String text ? text : null;
  }

  /** The whole number at {@code key}, or null when it is missing or of another type. */
  static Long wholeNumber(JsonObject parent, String key) {
    Object value = parent.getValue(key);
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    return null;
  }
}
