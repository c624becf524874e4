package io.postbox.api;

import io.postbox.contract.ControlCharacters;
import io.postbox.contract.EmailAddresses;
import io.postbox.contract.ListCursor;
import io.postbox.contract.Schemas;
import io.postbox.contract.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The query of GET /v1/transactional/email (SPEC §5, §25), from HTTP query parameters or from the
 * {@code query} of a {@code postbox.email.list.v1} message (§19). Parameters are checked in the
 * order limit, offset, status, tag, created_at, sort_by, exclude_params, recipient, metadata, cursor, then unknown
 * ones; the first failure is reported. Each parameter's value is checked for control characters (SPEC §24) after its
 * repetition and length rules and before its format. Stateless and thread-safe.
 *
 * <p>The normalised query: {@code {"limit": int, "offset": long, "status": String|null (uppercase),
 * "tag": String|null, "created_at": {only the given operators among gt, gte, lt, lte: timestamp},
 * "sort_by": "created_at"|"updated_at", "sort_descending": boolean, "exclude_params": boolean,
 * "recipient": String|null (lowercased), "metadata": {key: value}, "cursor_binding": String,
 * "after": {"sort_key_micros": long, "id": long}|null}}, timestamps as {@link Timestamps#format}.
 * {@code cursor_binding} digests the filters and the sort: a cursor is accepted only with the binding of the page
 * that gave it, and the store writes it into the next page's cursor.
 *
 * <p>The {@code list-query.json} schema is where each schema rule is written: the bounds and defaults of limit and
 * offset, the status and sort_by patterns and the values their messages name, the tag length, the created_at
 * operators, the exclude_params values; the code reads them from there ({@link SchemaRules}).
 */
final class ListQueryValidator {
  private static final SchemaRules RULES = SchemaRules.of(Schemas.LIST_QUERY);

  static final List<String> STATUSES = RULES.examples("status");
  static final List<String> CREATED_AT_OPERATORS = RULES.propertyNames("created_at");

  static final QueryIntegers.Bounded LIMIT = QueryIntegers.Bounded.of(RULES, "limit");
  static final QueryIntegers.Bounded OFFSET = QueryIntegers.Bounded.of(RULES, "offset");

  static final String STATUS_MESSAGE = "\"status\" must be one of [" + String.join(", ", STATUSES) + "]";
  static final String TAG_TYPE_MESSAGE = "\"tag\" must be a string";
  private static final int MAX_TAG_LENGTH = RULES.maxLength("tag");
  static final String TAG_LENGTH_MESSAGE =
      "\"tag\" length must be less than or equal to " + MAX_TAG_LENGTH + " characters long";
  static final String CREATED_AT_TYPE_MESSAGE = "\"created_at\" must be of type object";
  static final String SORT_BY_MESSAGE =
      "\"sort_by\" must be one of [" + String.join(", ", RULES.examples("sort_by")) + "]";
  static final String EXCLUDE_PARAMS_MESSAGE = "\"exclude_params\" must be a boolean";

  static final String RECIPIENT_MESSAGE = "\"recipient\" must be a valid email";
  static final String CURSOR_INVALID_MESSAGE = "\"cursor\" is invalid";
  static final String CURSOR_WITH_OFFSET_MESSAGE = "\"cursor\" cannot be used with \"offset\"";
  private static final int MAX_RECIPIENT_LENGTH = RULES.maxLength("recipient");
  private static final int MAX_CURSOR_LENGTH = RULES.maxLength("cursor");
  private static final String METADATA = "metadata";
  private static final String METADATA_PREFIX = METADATA + "[";
  /** The filters a cursor is bound to, with the sort. */
  private static final List<String> CURSOR_BOUND = List.of("status", "tag", "created_at", "recipient", METADATA,
      "sort_by", "sort_descending");

  private static final String CREATED_AT = "created_at";
  private static final Pattern STATUS = RULES.pattern("status");
  /** Its group 1 is the column; what comes before it is the direction. */
  private static final Pattern SORT_BY = RULES.pattern("sort_by");
  private static final String SORT_BY_DEFAULT = (String) RULES.defaultValue("sort_by");
  private static final List<Object> EXCLUDE_PARAMS_VALUES = RULES.enumValues("exclude_params");
  private static final Boolean EXCLUDE_PARAMS_DEFAULT = (Boolean) RULES.defaultValue("exclude_params");
  /** Over HTTP, created_at comes as one parameter per operator, {@code created_at[gte]=…}. */
  private static final Set<String> HTTP_PARAMS = RULES.propertyNames().stream()
      .filter(name -> !name.equals(CREATED_AT) && !name.equals(METADATA)).collect(Collectors.toUnmodifiableSet());

  private final Validator schema;
  private final Set<String> busMembers;

  ListQueryValidator() {
    this(Schemas.instance());
  }

  ListQueryValidator(Schemas schemas) {
    this.schema = schemas.validator(Schemas.LIST_QUERY);
    this.busMembers = Set.copyOf(schemas.propertyNames(Schemas.LIST_QUERY));
  }

  /** Decoded query parameters; a repeated parameter has several values. */
  ApiErrorOr<JsonObject> fromHttp(Map<String, List<String>> params) {
    Map<String, List<String>> p = params == null ? Map.of() : params;
    JsonObject out = new JsonObject();
    String failure = integers(LIMIT.fromHttp(p.get("limit")), OFFSET.fromHttp(p.get("offset")), out);
    if (failure == null) {
      failure = repeated(p, "status") ? STATUS_MESSAGE : status(single(p, "status"), out);
    }
    if (failure == null) {
      failure = repeated(p, "tag") ? TAG_TYPE_MESSAGE : tag(single(p, "tag"), out);
    }
    if (failure == null) {
      failure = createdAtFromHttp(p, out);
    }
    if (failure == null) {
      failure = repeated(p, "sort_by") ? SORT_BY_MESSAGE : sortBy(single(p, "sort_by"), out);
    }
    if (failure == null) {
      failure = repeated(p, "exclude_params") ? EXCLUDE_PARAMS_MESSAGE
          : excludeParams(single(p, "exclude_params"), out);
    }
    if (failure == null) {
      failure = repeated(p, "recipient") ? RECIPIENT_MESSAGE : recipient(single(p, "recipient"), out);
    }
    if (failure == null) {
      failure = metadataFromHttp(p, out);
    }
    if (failure == null) {
      failure = repeated(p, "cursor") ? CURSOR_INVALID_MESSAGE
          : cursor(single(p, "cursor"), p.containsKey("offset"), out);
    }
    if (failure == null) {
      failure = p.keySet().stream()
          .filter(name -> !HTTP_PARAMS.contains(name) && !isCreatedAtParam(name) && !isMetadataParam(name))
          .findFirst().map(ListQueryValidator::notAllowed).orElse(null);
    }
    return failure == null ? ApiErrorOr.of(out) : ApiErrorOr.validationFailure(failure);
  }

  /** The typed JSON query of §19; null means all defaults, and a null member counts as absent. */
  ApiErrorOr<JsonObject> fromBus(JsonObject query) {
    JsonObject q = query == null ? new JsonObject() : query;
    Set<String> structurallyInvalid = Schemas.failingProperties(schema.validate(q), true);
    JsonObject out = new JsonObject();
    String failure = integers(LIMIT.fromJson(q.getValue("limit")), OFFSET.fromJson(q.getValue("offset")), out);
    failure = orStructural(failure, structurallyInvalid, "limit", "\"limit\" must be a number");
    failure = orStructural(failure, structurallyInvalid, "offset", "\"offset\" must be a number");
    if (failure == null) {
      Object status = q.getValue("status");
      failure = status == null || status instanceof String ? status((String) status, out) : STATUS_MESSAGE;
      failure = orStructural(failure, structurallyInvalid, "status", STATUS_MESSAGE);
    }
    if (failure == null) {
      Object tag = q.getValue("tag");
      failure = tag == null || tag instanceof String ? tag((String) tag, out) : TAG_TYPE_MESSAGE;
      failure = orStructural(failure, structurallyInvalid, "tag", TAG_LENGTH_MESSAGE);
    }
    if (failure == null) {
      failure = orStructural(createdAtFromBus(q.getValue(CREATED_AT), out), structurallyInvalid, CREATED_AT,
          CREATED_AT_TYPE_MESSAGE);
    }
    if (failure == null) {
      Object sortBy = q.getValue("sort_by");
      failure = sortBy == null || sortBy instanceof String ? sortBy((String) sortBy, out) : SORT_BY_MESSAGE;
      failure = orStructural(failure, structurallyInvalid, "sort_by", SORT_BY_MESSAGE);
    }
    if (failure == null) {
      Object exclude = q.getValue("exclude_params");
      String text = exclude instanceof Boolean || exclude instanceof String ? exclude.toString() : null;
      failure = exclude != null && text == null ? EXCLUDE_PARAMS_MESSAGE : excludeParams(text, out);
      failure = orStructural(failure, structurallyInvalid, "exclude_params", EXCLUDE_PARAMS_MESSAGE);
    }
    if (failure == null) {
      Object recipient = q.getValue("recipient");
      failure = recipient == null || recipient instanceof String
          ? recipient((String) recipient, out) : RECIPIENT_MESSAGE;
    }
    if (failure == null) {
      failure = metadataFromBus(q.getValue(METADATA), out);
    }
    if (failure == null) {
      Object cursor = q.getValue("cursor");
      failure = cursor == null || cursor instanceof String
          ? cursor((String) cursor, q.getValue("offset") != null, out) : CURSOR_INVALID_MESSAGE;
    }
    if (failure == null) {
      failure = q.fieldNames().stream().filter(name -> !busMembers.contains(name))
          .findFirst().map(ListQueryValidator::notAllowed).orElse(null);
    }
    return failure == null ? ApiErrorOr.of(out) : ApiErrorOr.validationFailure(failure);
  }

  private static String integers(ApiErrorOr<Long> limit, ApiErrorOr<Long> offset, JsonObject out) {
    if (limit.failed()) {
      return limit.error().message();
    }
    out.put("limit", limit.value().intValue());
    if (offset.failed()) {
      return offset.error().message();
    }
    out.put("offset", offset.value());
    return null;
  }

  private static String status(String value, JsonObject out) {
    if (value == null) {
      out.putNull("status");
      return null;
    }
    if (ControlCharacters.present(value)) {
      return ControlCharacters.message("status");
    }
    if (!STATUS.matcher(value).matches()) {
      return STATUS_MESSAGE;
    }
    out.put("status", value.toUpperCase(Locale.ROOT));
    return null;
  }

  private static String tag(String value, JsonObject out) {
    if (value != null && SendRequestValidator.longerThan(value, MAX_TAG_LENGTH)) {
      return TAG_LENGTH_MESSAGE;
    }
    String failure = ControlCharacters.check("tag", value);
    if (failure != null) {
      return failure;
    }
    out.put("tag", value);
    return null;
  }

  private static String createdAtFromHttp(Map<String, List<String>> p, JsonObject out) {
    if (p.containsKey(CREATED_AT)) {
      return CREATED_AT_TYPE_MESSAGE;
    }
    JsonObject bounds = new JsonObject();
    for (String operator : CREATED_AT_OPERATORS) {
      String name = createdAtName(operator);
      List<String> values = p.get(name);
      if (values == null || values.isEmpty()) {
        continue;
      }
      if (values.size() == 1 && ControlCharacters.present(values.get(0))) {
        return ControlCharacters.message(name);
      }
      Instant bound = values.size() == 1 ? IsoTimestamps.parse(values.get(0), true) : null;
      if (bound == null) {
        return notIsoDate(name);
      }
      bounds.put(operator, Timestamps.format(bound));
    }
    for (String name : p.keySet()) {
      if (isCreatedAtParam(name)) {
        String operator = operatorOf(name);
        if (operator == null || !CREATED_AT_OPERATORS.contains(operator)) {
          return notIsoDate(name);
        }
      }
    }
    out.put(CREATED_AT, bounds);
    return null;
  }

  private static String createdAtFromBus(Object value, JsonObject out) {
    if (value == null) {
      out.put(CREATED_AT, new JsonObject());
      return null;
    }
    if (!(value instanceof JsonObject given)) {
      return CREATED_AT_TYPE_MESSAGE;
    }
    JsonObject bounds = new JsonObject();
    for (String operator : CREATED_AT_OPERATORS) {
      Object text = given.getValue(operator);
      if (text == null) {
        continue;
      }
      if (text instanceof String s && ControlCharacters.present(s)) {
        return ControlCharacters.message(createdAtName(operator));
      }
      Instant bound = text instanceof String s ? IsoTimestamps.parse(s, false) : null;
      if (bound == null) {
        return notIsoDate(createdAtName(operator));
      }
      bounds.put(operator, Timestamps.format(bound));
    }
    for (String operator : given.fieldNames()) {
      if (!CREATED_AT_OPERATORS.contains(operator)) {
        return notIsoDate(createdAtName(operator));
      }
    }
    out.put(CREATED_AT, bounds);
    return null;
  }

  private static String sortBy(String value, JsonObject out) {
    String given = value == null ? SORT_BY_DEFAULT : value;
    if (ControlCharacters.present(given)) {
      return ControlCharacters.message("sort_by");
    }
    Matcher m = SORT_BY.matcher(given);
    if (!m.matches()) {
      return SORT_BY_MESSAGE;
    }
    String direction = given.substring(0, m.start(1));
    boolean ascending = direction.equals("+") || direction.equals(" ");
    out.put("sort_by", m.group(1)).put("sort_descending", !ascending);
    return null;
  }

  private static String excludeParams(String value, JsonObject out) {
    if (value != null && ControlCharacters.present(value)) {
      return ControlCharacters.message("exclude_params");
    }
    if (value != null && !EXCLUDE_PARAMS_VALUES.contains(value)) {
      return EXCLUDE_PARAMS_MESSAGE;
    }
    out.put("exclude_params", value == null ? EXCLUDE_PARAMS_DEFAULT : Boolean.valueOf(value));
    return null;
  }

  private static String recipient(String value, JsonObject out) {
    if (value == null) {
      out.putNull("recipient");
      return null;
    }
    if (SendRequestValidator.longerThan(value, MAX_RECIPIENT_LENGTH)) {
      return RECIPIENT_MESSAGE;
    }
    String failure = ControlCharacters.check("recipient", value);
    if (failure != null) {
      return failure;
    }
    if (!EmailAddresses.isValid(value)) {
      return RECIPIENT_MESSAGE;
    }
    out.put("recipient", value.toLowerCase(Locale.ROOT));
    return null;
  }

  private static String metadataFromHttp(Map<String, List<String>> p, JsonObject out) {
    JsonObject metadata = new JsonObject();
    for (Map.Entry<String, List<String>> param : p.entrySet()) {
      if (isMetadataParam(param.getKey())) {
        String key = param.getKey().substring(METADATA_PREFIX.length(), param.getKey().length() - 1);
        List<String> values = param.getValue();
        String failure = metadataEntry(key, values.size() == 1 ? values.get(0) : null, metadata);
        if (failure != null) {
          return failure;
        }
      }
    }
    out.put(METADATA, metadata);
    return null;
  }

  private static String metadataFromBus(Object value, JsonObject out) {
    JsonObject metadata = new JsonObject();
    if (value != null && !(value instanceof JsonObject)) {
      return notAllowed(METADATA);
    }
    if (value instanceof JsonObject given) {
      for (String key : given.fieldNames()) {
        Object entry = given.getValue(key);
        String failure = metadataEntry(key, entry instanceof String text ? text : null, metadata);
        if (failure != null) {
          return failure;
        }
      }
    }
    out.put(METADATA, metadata);
    return null;
  }

  /** One exact match on a metadata value: the key and value rules of a send (SPEC §26). */
  private static String metadataEntry(String key, String value, JsonObject metadata) {
    String name = METADATA_PREFIX + key + "]";
    if (!SendRequestValidator.METADATA_KEY.matcher(key).matches()) {
      return notAllowed(name);
    }
    int maxLength = SendRequestValidator.MAX_METADATA_VALUE_LENGTH;
    if (value == null || value.isEmpty() || SendRequestValidator.longerThan(value, maxLength)) {
      return "\"" + name + "\" must be a string of at most " + maxLength + " characters";
    }
    String failure = ControlCharacters.check(name, value);
    if (failure != null) {
      return failure;
    }
    metadata.put(key, value);
    return null;
  }

  /** Runs last: the binding digests the filters already normalised into {@code out}. */
  private static String cursor(String text, boolean offsetGiven, JsonObject out) {
    String binding = cursorBinding(out);
    out.put("cursor_binding", binding).putNull("after");
    if (text == null) {
      return null;
    }
    if (offsetGiven) {
      return CURSOR_WITH_OFFSET_MESSAGE;
    }
    if (ControlCharacters.present(text)) {
      return ControlCharacters.message("cursor");
    }
    ListCursor cursor = text.length() > MAX_CURSOR_LENGTH ? null : ListCursor.decode(text);
    if (cursor == null || !cursor.binding().equals(binding)) {
      return CURSOR_INVALID_MESSAGE;
    }
    out.put("after", new JsonObject().put("sort_key_micros", cursor.sortKeyMicros()).put("id", cursor.id()));
    return null;
  }

  /** A digest of the filters and the sort: 16 hex digits of the SHA-256 of their canonical JSON. */
  static String cursorBinding(JsonObject normalised) {
    JsonObject bound = new JsonObject();
    for (String name : CURSOR_BOUND) {
      bound.put(name, normalised.getValue(name));
    }
    return SendFingerprints.sha256Hex(SendFingerprints.canonical(bound)).substring(0, 16);
  }

  /** The schema and the code agree by design; should they not, the field still fails. */
  private static String orStructural(String failure, Set<String> structurallyInvalid, String member, String message) {
    if (failure != null) {
      return failure;
    }
    return structurallyInvalid.contains(member) ? message : null;
  }

  private static boolean repeated(Map<String, List<String>> p, String name) {
    List<String> values = p.get(name);
    return values != null && values.size() > 1;
  }

  private static String single(Map<String, List<String>> p, String name) {
    List<String> values = p.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static boolean isMetadataParam(String name) {
    return name.startsWith(METADATA_PREFIX) && name.endsWith("]");
  }

  private static boolean isCreatedAtParam(String name) {
    return name.equals(CREATED_AT) || name.startsWith(CREATED_AT + "[");
  }

  /** The operator inside {@code created_at[…]}; null when the brackets are not closed ({@code created_at[}). */
  private static String operatorOf(String name) {
    int open = CREATED_AT.length();
    return name.length() > open + 1 && name.charAt(open) == '[' && name.endsWith("]")
        ? name.substring(open + 1, name.length() - 1) : null;
  }

  private static String createdAtName(String operator) {
    return CREATED_AT + "[" + operator + "]";
  }

  private static String notIsoDate(String name) {
    return "\"" + name + "\" must be in ISO 8601 date format";
  }

  private static String notAllowed(String name) {
    return "\"" + name + "\" is not allowed";
  }
}
