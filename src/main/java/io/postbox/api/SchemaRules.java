package io.postbox.api;

import io.postbox.contract.Schemas;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules one JSON Schema of {@code src/main/resources/schemas/} states about its top-level properties, read from
 * the very document {@link Schemas} validates with, so that each limit, value list and pattern is written once: in
 * the schema. A keyword a validator relies on and the schema lacks fails when the validator class loads.
 *
 * <p>A property that is a {@code $ref} to another schema's property (for instance
 * {@code "send-request.json#/properties/tag"}) answers with the rules of its target, overridden by any keyword
 * written beside the {@code $ref} (an own {@code default}, say).
 */
final class SchemaRules {
  private final Schemas schemas;
  private final String file;
  private final JsonObject document;
  private final Set<Object> required;

  private SchemaRules(Schemas schemas, String file) {
    this.schemas = schemas;
    this.file = file;
    this.document = schemas.document(file);
    this.required = Set.copyOf(document.getJsonArray("required", new JsonArray()).getList());
  }

  static SchemaRules of(String file) {
    return new SchemaRules(Schemas.instance(), file);
  }

  /** {@code maxLength} of a string property, in characters (code points). */
  int maxLength(String property) {
    return number(property, "maxLength").intValue();
  }

  /** {@code minLength} of a string property, in characters (code points). */
  int minLength(String property) {
    return number(property, "minLength").intValue();
  }

  /** {@code minimum} of a number property. */
  long minimum(String property) {
    return number(property, "minimum").longValue();
  }

  /** {@code maximum} of a number property; null when it has none. */
  Long maximum(String property) {
    Number maximum = (Number) property(property).getValue("maximum");
    return maximum == null ? null : maximum.longValue();
  }

  /** {@code default} of a property; may be null when the schema says {@code "default": null}. */
  Object defaultValue(String property) {
    JsonObject schema = property(property);
    require(property, "default", schema.containsKey("default") ? Boolean.TRUE : null);
    return schema.getValue("default");
  }

  /** {@code enum} of a property. */
  List<Object> enumValues(String property) {
    return List.copyOf(nullsDropped(require(property, "enum", property(property).getJsonArray("enum"))));
  }

  /** The {@code enum} of the items of an array property. */
  List<String> itemValues(String property) {
    JsonObject items = require(property, "items", property(property).getJsonObject("items"));
    List<String> values = new ArrayList<>();
    for (Object value : require(property, "items.enum", items.getJsonArray("enum"))) {
      values.add((String) value);
    }
    return List.copyOf(values);
  }

  /** {@code minItems} of an array property. */
  int minItems(String property) {
    return number(property, "minItems").intValue();
  }

  /** {@code uniqueItems} of an array property; false when not given, as in JSON Schema. */
  boolean uniqueItems(String property) {
    return property(property).getBoolean("uniqueItems", false);
  }

  /**
   * {@code examples} of a property whose {@code pattern} accepts a fixed list of values: the schemas list there every
   * accepted value, in the order of the error message that names them.
   */
  List<String> examples(String property) {
    List<String> values = new ArrayList<>();
    for (Object value : require(property, "examples", property(property).getJsonArray("examples"))) {
      values.add((String) value);
    }
    return List.copyOf(values);
  }

  /** {@code maxProperties} of an object property. */
  int maxProperties(String property) {
    return number(property, "maxProperties").intValue();
  }

  /** The {@code pattern} of an object property's {@code propertyNames}, compiled. */
  Pattern propertyNamesPattern(String property) {
    JsonObject names = require(property, "propertyNames", property(property).getJsonObject("propertyNames"));
    return Pattern.compile(require(property, "propertyNames.pattern", names.getString("pattern")));
  }

  /** {@code keyword} (a number) of the schema of an object property's {@code additionalProperties}. */
  int valueNumber(String property, String keyword) {
    JsonObject values = require(property, "additionalProperties",
        property(property).getJsonObject("additionalProperties"));
    return require(property, "additionalProperties." + keyword, (Number) values.getValue(keyword)).intValue();
  }

  /** {@code pattern} of a string property, compiled; use {@code matcher(text).matches()}, which anchors it whole. */
  Pattern pattern(String property) {
    return Pattern.compile(require(property, "pattern", property(property).getString("pattern")));
  }

  /** {@code pattern} of a definition under {@code $defs}, compiled. */
  Pattern definitionPattern(String definition) {
    JsonObject schema = document.getJsonObject("$defs", new JsonObject()).getJsonObject(definition);
    if (schema == null) {
      throw new IllegalStateException(file + " defines no " + definition);
    }
    return Pattern.compile(require(definition, "pattern", resolved(schema).getString("pattern")));
  }

  /** Whether the schema lists the property under {@code required}. */
  boolean required(String property) {
    return required.contains(property);
  }

  /** The top-level property names, in the order they are declared. */
  Set<String> propertyNames() {
    return schemas.propertyNames(file);
  }

  /** The property names of an object-valued property, in the order they are declared. */
  List<String> propertyNames(String property) {
    JsonObject properties = require(property, "properties", property(property).getJsonObject("properties"));
    return List.copyOf(properties.fieldNames());
  }

  private Number number(String property, String keyword) {
    return require(property, keyword, (Number) property(property).getValue(keyword));
  }

  private JsonObject property(String name) {
    JsonObject property = document.getJsonObject("properties", new JsonObject()).getJsonObject(name);
    if (property == null) {
      throw new IllegalStateException(file + " declares no property " + name);
    }
    return resolved(property);
  }

  /** A subschema with its {@code $ref} followed; keywords beside the {@code $ref} win over the target's. */
  private JsonObject resolved(JsonObject schema) {
    String ref = schema.getString("$ref");
    if (ref == null) {
      return schema;
    }
    int hash = ref.indexOf('#');
    String targetFile = hash < 0 ? ref : ref.substring(0, hash);
    SchemaRules target = targetFile.isEmpty() ? this : new SchemaRules(schemas, targetFile);
    Object found = JsonPointer.from(hash < 0 ? "" : ref.substring(hash + 1)).queryJson(target.document);
    if (!(found instanceof JsonObject targetSchema)) {
      throw new IllegalStateException(file + " refers to " + ref + ", which is not a schema");
    }
    JsonObject merged = target.resolved(targetSchema).copy();
    schema.forEach(entry -> {
      if (!entry.getKey().equals("$ref")) {
        merged.put(entry.getKey(), entry.getValue());
      }
    });
    return merged;
  }

  private static List<Object> nullsDropped(JsonArray values) {
    List<Object> kept = new ArrayList<>();
    for (Object value : values) {
      if (value != null) {
        kept.add(value);
      }
    }
    return kept;
  }

  private <T> T require(String property, String keyword, T value) {
    if (value == null) {
      throw new IllegalStateException(file + " gives " + property + " no " + keyword);
    }
    return value;
  }
}
