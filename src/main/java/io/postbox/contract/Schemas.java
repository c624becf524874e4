package io.postbox.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schemas of {@code src/main/resources/schemas/}, read and compiled once per JVM.
 *
 * <p>{@link #instance()} is a lazily initialised singleton (class-holder idiom). After construction
 * nothing is mutated, and each validation works on its own state, so one instance is shared by all
 * threads and verticles; asking for a validator is a map lookup.
 */
public final class Schemas {
  public static final String BASE_URI = "https://postbox.local/schemas/";
  public static final String SEND_REQUEST = "send-request.json";
  public static final String LIST_QUERY = "list-query.json";
  public static final String EMAIL_SEND_MESSAGE = "email-send-message.json";
  public static final String EMAIL_GET_MESSAGE = "email-get-message.json";
  public static final String EMAIL_LIST_MESSAGE = "email-list-message.json";
  public static final String WEBHOOK_CREATE = "webhook-create.json";
  public static final String WEBHOOK_UPDATE = "webhook-update.json";
  public static final String EVENTS_QUERY = "events-query.json";
  public static final String DELIVERIES_QUERY = "deliveries-query.json";
  public static final String STATS_QUERY = "stats-query.json";
  public static final String SEND_HEADERS = "send-headers.json";

  /** Every file in the schemas folder; a test keeps this list and the folder in step. */
  public static final List<String> FILES =
      List.of(SEND_REQUEST, LIST_QUERY, EMAIL_SEND_MESSAGE, EMAIL_GET_MESSAGE, EMAIL_LIST_MESSAGE, WEBHOOK_CREATE,
          WEBHOOK_UPDATE, EVENTS_QUERY, DELIVERIES_QUERY, STATS_QUERY, SEND_HEADERS);

  private static final String FOLDER = "schemas/";

  private final Map<String, JsonObject> documents;
  private final Map<String, Validator> validators;

  private Schemas() {
    JsonSchemaOptions options = new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012)
        .setBaseUri(BASE_URI)
        .setOutputFormat(OutputFormat.Basic);
    SchemaRepository repository = SchemaRepository.create(options);
    Map<String, JsonObject> loaded = new LinkedHashMap<>();
    for (String file : FILES) {
      JsonObject document = read(file);
      loaded.put(file, document);
      repository.dereference(file, JsonSchema.of(document.copy()));
    }
    Map<String, Validator> compiled = new LinkedHashMap<>();
    for (String file : FILES) {
      compiled.put(file, repository.validator(file));
    }
    this.documents = Collections.unmodifiableMap(loaded);
    this.validators = Collections.unmodifiableMap(compiled);
  }

  public static Schemas instance() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    private static final Schemas INSTANCE = new Schemas();
  }

  /** The compiled validator of one schema file, e.g. {@code validator(Schemas.SEND_REQUEST)}. */
  public Validator validator(String file) {
    Validator validator = validators.get(file);
    if (validator == null) {
      throw new IllegalArgumentException("no schema named " + file);
    }
    return validator;
  }

  /** A copy of a schema document as written (for the OpenAPI document, for instance). */
  public JsonObject document(String file) {
    return documents(file).copy();
  }

  /** The top-level property names of a schema, in the order they are declared. */
  public Set<String> propertyNames(String file) {
    return documents(file).getJsonObject("properties", new JsonObject()).fieldNames();
  }

  /**
   * Checks the envelope of a bus message against its schema ({@link #EMAIL_SEND_MESSAGE},
   * {@link #EMAIL_GET_MESSAGE} or {@link #EMAIL_LIST_MESSAGE}): required members, their types and
   * unknown members. The nested request or query is left to api's request validators, whose messages are those
   * of the HTTP API. A string member with a control character fails as in SPEC §24, before its pattern. Returns
   * null when fine.
   */
  public ApiError checkEnvelope(String file, JsonObject message) {
    if (message == null) {
      return ApiError.validation("\"value\" must be of type object");
    }
    JsonObject schema = documents(file);
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    Set<String> failing = failingProperties(validator(file).validate(message), false);
    List<String> required = schema.getJsonArray("required", new JsonArray()).getList();
    for (String name : properties.fieldNames()) {
      Object value = message.getValue(name);
      if (value == null && required.contains(name)) {
        return ApiError.validation("\"" + name + "\" is required");
      }
      if (value instanceof String text && ControlCharacters.present(text)) {
        return ApiError.validation(ControlCharacters.message(name));
      }
      if (value != null && failing.contains(name)) {
        return ApiError.validation("\"" + name + "\" must be " + expectation(properties.getJsonObject(name)));
      }
    }
    for (String name : message.fieldNames()) {
      if (!properties.containsKey(name)) {
        return ApiError.validation("\"" + name + "\" is not allowed");
      }
    }
    return null;
  }

  /**
   * Top-level members that a {@code properties} keyword found invalid. With {@code nested} false,
   * failures found through a {@code $ref} into another schema are not counted. Errors of
   * {@code additionalProperties} are not used: callers compare against {@link #propertyNames}.
   */
  public static Set<String> failingProperties(OutputUnit result, boolean nested) {
    Set<String> failing = new LinkedHashSet<>();
    if (Boolean.TRUE.equals(result.getValid()) || result.getErrors() == null) {
      return failing;
    }
    for (OutputUnit error : result.getErrors()) {
      String keyword = error.getKeywordLocation();
      String instance = error.getInstanceLocation();
      if (keyword == null || instance == null || !keyword.startsWith("#/properties/")) {
        continue;
      }
      if (!nested && keyword.substring("#/properties/".length()).contains("/$ref")) {
        continue;
      }
      String member = firstPointerSegment(instance);
      if (member != null) {
        failing.add(member);
      }
    }
    return failing;
  }

  private static String firstPointerSegment(String instanceLocation) {
    if (!instanceLocation.startsWith("#/")) {
      return null;
    }
    String rest = instanceLocation.substring(2);
    int slash = rest.indexOf('/');
    String segment = slash < 0 ? rest : rest.substring(0, slash);
    return segment.replace("~1", "/").replace("~0", "~");
  }

  private static String expectation(JsonObject property) {
    if (property.containsKey("$ref") || "object".equals(property.getValue("type"))) {
      return "of type object";
    }
    if ("integer".equals(property.getValue("type"))) {
      return property.containsKey("minimum") && property.getInteger("minimum") == 1 ? "a positive integer" : "an integer";
    }
    if (property.containsKey("pattern")) {
      return "a string matching " + property.getString("pattern");
    }
    return "a string";
  }

  private JsonObject documents(String file) {
    JsonObject document = documents.get(file);
    if (document == null) {
      throw new IllegalArgumentException("no schema named " + file);
    }
    return document;
  }

  private static JsonObject read(String file) {
    try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(FOLDER + file)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + FOLDER + file);
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + FOLDER + file, e);
    }
  }
}
