package io.postbox.api;

import io.postbox.contract.ApiError;
import io.postbox.contract.ControlCharacters;
import io.postbox.contract.EmailAddresses;
import io.postbox.contract.FromAddress;
import io.postbox.contract.Schemas;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Step 5 of a send (SPEC §4.2): checks the fields in table order, reports the first failure with
 * its spec message, and normalises the request.
 *
 * <p>Input values are as received: JSON types from a JSON body or the bus; strings from form
 * bodies, with a repeated key as a {@link JsonArray} of strings. JSON null counts as absent. The
 * {@code send-request.json} schema is where each schema rule is written: which fields are required, the
 * length limits, the classification pattern and its values, the disable_tracking values; the code reads
 * them from there ({@link SchemaRules}), gives each failure its message, and checks what a schema cannot
 * (TLDs, UTF-8 size, stringified arrays, duplicates after normalisation). A field the schema finds invalid
 * and the code does not still fails. Stateless and thread-safe.
 *
 * <p>Each field's own rules run in the order presence, type, maximum length, control characters
 * ({@link ControlCharacters}, SPEC §24), then format; so a megabyte subject is refused by its length
 * (constant time once it is over twice the limit) and never reaches a scan, a sanitizer or the store.
 */
final class SendRequestValidator {
  private static final SchemaRules RULES = SchemaRules.of(Schemas.SEND_REQUEST);

  static final String BODY_MESSAGE =
      "body is a required string whose size must be less than or equal to 1MB in UTF-8 encoding";
  /** The schema's {@code maxLength} of body, applied to its UTF-8 size, which is never smaller (SPEC §4.2). */
  static final int MAX_BODY_BYTES = RULES.maxLength("body");
  private static final int MIN_BODY_LENGTH = RULES.minLength("body");
  static final int MAX_TAG_LENGTH = RULES.maxLength("tag");
  /** RFC 5322's line length, in characters (code points), not bytes (SPEC §24). */
  static final int MAX_SUBJECT_LENGTH = RULES.maxLength("subject");
  private static final int MIN_SUBJECT_LENGTH = RULES.minLength("subject");
  static final String SUBJECT_LENGTH_MESSAGE = "\"subject\" must be at most " + MAX_SUBJECT_LENGTH + " characters";
  static final String ATTACHMENTS = "attachments";

  private static final Pattern CLASSIFICATION = RULES.pattern("classification");
  private static final String CLASSIFICATION_MESSAGE =
      "\"classification\" must be one of [" + String.join(", ", RULES.examples("classification")) + "]";
  private static final List<Object> DISABLE_TRACKING_VALUES = RULES.enumValues("disable_tracking");
  private static final Boolean DISABLE_TRACKING_DEFAULT = (Boolean) RULES.defaultValue("disable_tracking");

  private static final int MAX_METADATA_ENTRIES = RULES.maxProperties("metadata");
  static final Pattern METADATA_KEY = RULES.propertyNamesPattern("metadata");
  private static final int MIN_METADATA_VALUE_LENGTH = RULES.valueNumber("metadata", "minLength");
  static final int MAX_METADATA_VALUE_LENGTH = RULES.valueNumber("metadata", "maxLength");
  static final String METADATA_MESSAGE =
      "\"metadata\" must be an object of at most " + MAX_METADATA_ENTRIES + " string values";
  static final String METADATA_KEY_MESSAGE = "\"metadata\" keys must match " + METADATA_KEY.pattern();

  private record Field(String name, Check check, String fallbackMessage) {
  }

  /** Checks one value and, when it is fine, puts its normalised form into {@code out}. */
  @FunctionalInterface
  private interface Check {
    String apply(String name, Object value, JsonObject out);
  }

  private static final List<Field> FIELDS = List.of(
      new Field("recipient", SendRequestValidator::checkRecipient, invalidEmail("recipient")),
      new Field("subject", SendRequestValidator::checkSubject, "\"subject\" must be a string"),
      new Field("body", SendRequestValidator::checkBody, BODY_MESSAGE),
      new Field("from", SendRequestValidator::checkFrom, invalidEmail("from")),
      new Field("reply_to", SendRequestValidator::checkReplyTo, invalidEmail("reply_to")),
      new Field("classification", SendRequestValidator::checkClassification, CLASSIFICATION_MESSAGE),
      new Field("tag", SendRequestValidator::checkTag, tagLengthMessage()),
      new Field("cc", SendRequestValidator::checkAddressList, notArrayOrStringifiedArray("cc")),
      new Field("bcc", SendRequestValidator::checkAddressList, notArrayOrStringifiedArray("bcc")),
      new Field("disable_tracking", SendRequestValidator::checkDisableTracking,
          "\"disable_tracking\" must be a boolean"),
      new Field("metadata", SendRequestValidator::checkMetadata, METADATA_MESSAGE),
      new Field("send_at", SendAt::check, SendAt.MESSAGE));

  private final Validator schema;
  private final Set<String> knownFields;

  SendRequestValidator() {
    this(Schemas.instance());
  }

  SendRequestValidator(Schemas schemas) {
    this.schema = schemas.validator(Schemas.SEND_REQUEST);
    this.knownFields = Set.copyOf(schemas.propertyNames(Schemas.SEND_REQUEST));
  }

  ValidatedSend validate(JsonObject raw) {
    JsonObject fields = raw == null ? new JsonObject() : raw;
    Set<String> structurallyInvalid = Schemas.failingProperties(schema.validate(fields), true);
    JsonObject normalised = new JsonObject();
    for (Field field : FIELDS) {
      Object value = fields.getValue(field.name());
      String message = value == null && RULES.required(field.name())
          ? missing(field.name()) : field.check().apply(field.name(), value, normalised);
      if (message == null && structurallyInvalid.contains(field.name())) {
        message = field.fallbackMessage();
      }
      if (message != null) {
        return ValidatedSend.failure(ApiError.validation(message));
      }
    }
    for (String key : fields.fieldNames()) {
      if (!knownFields.contains(key)) {
        return ValidatedSend.failure(ApiError.validation("\"" + key + "\" is not allowed"));
      }
    }
    return ValidatedSend.valid(normalised, fields.containsKey(ATTACHMENTS));
  }

  private static String checkRecipient(String name, Object value, JsonObject out) {
    if (!(value instanceof String address)) {
      return invalidEmail(name);
    }
    String failure = ControlCharacters.check(name, address);
    if (failure != null) {
      return failure;
    }
    if (!EmailAddresses.isValid(address)) {
      return invalidEmail(name);
    }
    out.put(name, address.toLowerCase(Locale.ROOT));
    return null;
  }

  private static String checkSubject(String name, Object value, JsonObject out) {
    if (!(value instanceof String subject)) {
      return "\"subject\" must be a string";
    }
    if (shorterThan(subject, MIN_SUBJECT_LENGTH)) {
      return "\"subject\" is not allowed to be empty";
    }
    if (longerThan(subject, MAX_SUBJECT_LENGTH)) {
      return SUBJECT_LENGTH_MESSAGE;
    }
    String failure = ControlCharacters.check(name, subject);
    if (failure != null) {
      return failure;
    }
    out.put(name, subject);
    return null;
  }

  private static String checkBody(String name, Object value, JsonObject out) {
    if (!(value instanceof String body) || shorterThan(body, MIN_BODY_LENGTH) || body.length() > MAX_BODY_BYTES
        || Utf8.length(body) > MAX_BODY_BYTES) {
      return BODY_MESSAGE;
    }
    String failure = ControlCharacters.check(name, body);
    if (failure != null) {
      return failure;
    }
    out.put(name, body);
    return null;
  }

  private static String checkFrom(String name, Object value, JsonObject out) {
    if (value == null) {
      out.putNull(name);
      return null;
    }
    if (value instanceof String text && ControlCharacters.present(text)) {
      return ControlCharacters.message(name);
    }
    FromAddress from = value instanceof String s ? FromAddress.parse(s.trim()) : null;
    if (from == null) {
      return invalidEmail(name);
    }
    out.put(name, from.normalised());
    return null;
  }

  private static String checkReplyTo(String name, Object value, JsonObject out) {
    if (value == null) {
      out.putNull(name);
      return null;
    }
    if (value instanceof String text && ControlCharacters.present(text)) {
      return ControlCharacters.message(name);
    }
    String address = value instanceof String s ? normaliseAddress(s) : null;
    if (address == null) {
      return invalidEmail(name);
    }
    out.put(name, address);
    return null;
  }

  private static String checkClassification(String name, Object value, JsonObject out) {
    if (value == null) {
      out.putNull(name);
      return null;
    }
    if (value instanceof String text && ControlCharacters.present(text)) {
      return ControlCharacters.message(name);
    }
    if (!(value instanceof String classification) || !CLASSIFICATION.matcher(classification).matches()) {
      return CLASSIFICATION_MESSAGE;
    }
    out.put(name, classification.toUpperCase(Locale.ROOT));
    return null;
  }

  private static String checkTag(String name, Object value, JsonObject out) {
    if (value == null) {
      out.putNull(name);
      return null;
    }
    if (!(value instanceof String tag)) {
      return "\"tag\" must be a string";
    }
    if (longerThan(tag, MAX_TAG_LENGTH)) {
      return tagLengthMessage();
    }
    String failure = ControlCharacters.check(name, tag);
    if (failure != null) {
      return failure;
    }
    out.put(name, tag);
    return null;
  }

  private static String checkAddressList(String name, Object value, JsonObject out) {
    List<?> items;
    if (value == null) {
      items = List.of();
    } else if (value instanceof JsonArray array) {
      items = array.getList();
    } else if (value instanceof String text) {
      if (ControlCharacters.present(text)) {
        return ControlCharacters.message(name);
      }
      Object decoded;
      try {
        decoded = Json.decodeValue(text);
      } catch (DecodeException notJson) {
        return notArrayOrStringifiedArray(name);
      }
      if (!(decoded instanceof JsonArray array)) {
        return "\"" + name + "\" failed custom validation because " + name + " must be a valid stringified array";
      }
      items = array.getList();
    } else {
      return notArrayOrStringifiedArray(name);
    }
    JsonArray addresses = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) instanceof String text && ControlCharacters.present(text)) {
        return ControlCharacters.message(name + "[" + i + "]");
      }
      String address = items.get(i) instanceof String s ? normaliseAddress(s) : null;
      if (address == null) {
        return invalidEmail(name + "[" + i + "]");
      }
      addresses.add(address);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < addresses.size(); i++) {
      if (!seen.add(addresses.getString(i))) {
        return "\"" + name + "[" + i + "]\" contains a duplicate value";
      }
    }
    out.put(name, addresses);
    return null;
  }

  private static String checkDisableTracking(String name, Object value, JsonObject out) {
    if (value != null && !DISABLE_TRACKING_VALUES.contains(value)) {
      return "\"disable_tracking\" must be a boolean";
    }
    out.put(name, value == null ? DISABLE_TRACKING_DEFAULT : Boolean.valueOf(value.toString()));
    return null;
  }

  /** SPEC §26: an object of string values; {@code {}} when not given. */
  private static String checkMetadata(String name, Object value, JsonObject out) {
    if (value == null) {
      out.put(name, new JsonObject());
      return null;
    }
    if (!(value instanceof JsonObject metadata) || metadata.size() > MAX_METADATA_ENTRIES) {
      return METADATA_MESSAGE;
    }
    JsonObject kept = new JsonObject();
    for (String key : metadata.fieldNames()) {
      if (!METADATA_KEY.matcher(key).matches()) {
        return METADATA_KEY_MESSAGE;
      }
      Object entry = metadata.getValue(key);
      if (!(entry instanceof String text) || shorterThan(text, MIN_METADATA_VALUE_LENGTH)
          || longerThan(text, MAX_METADATA_VALUE_LENGTH)) {
        return metadataValueMessage(key);
      }
      String failure = ControlCharacters.check(name + "." + key, text);
      if (failure != null) {
        return failure;
      }
      kept.put(key, text);
    }
    out.put(name, kept);
    return null;
  }

  static String metadataValueMessage(String key) {
    return "\"metadata." + key + "\" must be a string of at most " + MAX_METADATA_VALUE_LENGTH + " characters";
  }

  /** Trimmed, checked, lowercased; null when not a valid address. */
  private static String normaliseAddress(String raw) {
    String trimmed = raw.trim();
    return EmailAddresses.isValid(trimmed) ? trimmed.toLowerCase(Locale.ROOT) : null;
  }

  /**
   * More than {@code max} characters (code points). A string of more than 2 × max UTF-16 units always is, so
   * a huge value is judged without being walked.
   */
  static boolean longerThan(String text, int max) {
    if (text.length() <= max) {
      return false;
    }
    return text.length() > 2L * max || text.codePointCount(0, text.length()) > max;
  }

  /** Fewer than {@code min} characters (code points), judged without walking a long text. */
  private static boolean shorterThan(String text, int min) {
    if (text.length() >= 2L * min) {
      return false;
    }
    return text.length() < min || text.codePointCount(0, text.length()) < min;
  }

  /** A required field that is absent: body has one message for any failure (SPEC §4.2). */
  private static String missing(String name) {
    return name.equals("body") ? BODY_MESSAGE : "\"" + name + "\" is required";
  }

  private static String invalidEmail(String name) {
    return "\"" + name + "\" must be a valid email";
  }

  static String tagLengthMessage() {
    return "\"tag\" length must be less than or equal to " + MAX_TAG_LENGTH + " characters long";
  }

  private static String notArrayOrStringifiedArray(String name) {
    return "\"" + name + "\" failed custom validation because " + name + " must be a valid array or stringified array.";
  }
}
