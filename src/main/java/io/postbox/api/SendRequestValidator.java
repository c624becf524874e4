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

/**
 * Step 5 of a send (SPEC §4.2): checks the fields in table order, reports the first failure with
 * its spec message, and normalises the request.
 *
 * <p>Input values are as received: JSON types from a JSON body or the bus; strings from form
 * bodies, with a repeated key as a {@link JsonArray} of strings. JSON null counts as absent. The
 * {@code send-request.json} schema marks the fields that break their structure; the code gives each
 * its message and checks what a schema cannot (TLDs, UTF-8 size, stringified arrays, duplicates
 * after normalisation). Stateless and thread-safe.
 *
 * <p>Each field's own rules run in the order presence, type, maximum length, control characters
 * ({@link ControlCharacters}, SPEC §24), then format; so a megabyte subject is refused by its length
 * (constant time once it is over twice the limit) and never reaches a scan, a sanitizer or the store.
 */
final class SendRequestValidator {
  public static final String BODY_MESSAGE =
      "body is a required string whose size must be less than or equal to 1MB in UTF-8 encoding";
  public static final int MAX_BODY_BYTES = 1_048_576;
  public static final int MAX_TAG_LENGTH = 255;
  /** RFC 5322's line length, in characters (code points), not bytes (SPEC §24). */
  public static final int MAX_SUBJECT_LENGTH = 998;
  static final String SUBJECT_LENGTH_MESSAGE = "\"subject\" must be at most " + MAX_SUBJECT_LENGTH + " characters";
  public static final String ATTACHMENTS = "attachments";

  private static final Set<String> CLASSIFICATIONS = Set.of("URGENT", "FOR_ACTION", "FOR_INFO");

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
      new Field("classification", SendRequestValidator::checkClassification, classificationMessage()),
      new Field("tag", SendRequestValidator::checkTag, tagLengthMessage()),
      new Field("cc", SendRequestValidator::checkAddressList, notArrayOrStringifiedArray("cc")),
      new Field("bcc", SendRequestValidator::checkAddressList, notArrayOrStringifiedArray("bcc")),
      new Field("disable_tracking", SendRequestValidator::checkDisableTracking, "\"disable_tracking\" must be a boolean"));

  private final Validator schema;
  private final Set<String> knownFields;

  public SendRequestValidator() {
    this(Schemas.instance());
  }

  public SendRequestValidator(Schemas schemas) {
    this.schema = schemas.validator(Schemas.SEND_REQUEST);
    this.knownFields = Set.copyOf(schemas.propertyNames(Schemas.SEND_REQUEST));
  }

  public ValidatedSend validate(JsonObject raw) {
    JsonObject fields = raw == null ? new JsonObject() : raw;
    Set<String> structurallyInvalid = Schemas.failingProperties(schema.validate(fields), true);
    JsonObject normalised = new JsonObject();
    for (Field field : FIELDS) {
      String message = field.check().apply(field.name(), fields.getValue(field.name()), normalised);
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
    if (value == null) {
      return required(name);
    }
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
    if (value == null) {
      return required(name);
    }
    if (!(value instanceof String subject)) {
      return "\"subject\" must be a string";
    }
    if (subject.isEmpty()) {
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
    if (!(value instanceof String body) || body.isEmpty() || body.length() > MAX_BODY_BYTES
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
    String classification = value instanceof String s && isAscii(s) ? s.toUpperCase(Locale.ROOT) : null;
    if (classification == null || !CLASSIFICATIONS.contains(classification)) {
      return classificationMessage();
    }
    out.put(name, classification);
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
    Boolean disabled;
    if (value == null) {
      disabled = false;
    } else if (value instanceof Boolean b) {
      disabled = b;
    } else if ("true".equals(value) || "false".equals(value)) {
      disabled = Boolean.valueOf((String) value);
    } else {
      return "\"disable_tracking\" must be a boolean";
    }
    out.put(name, disabled);
    return null;
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

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  private static String required(String name) {
    return "\"" + name + "\" is required";
  }

  private static String invalidEmail(String name) {
    return "\"" + name + "\" must be a valid email";
  }

  private static String classificationMessage() {
    return "\"classification\" must be one of [URGENT, FOR_ACTION, FOR_INFO]";
  }

  static String tagLengthMessage() {
    return "\"tag\" length must be less than or equal to " + MAX_TAG_LENGTH + " characters long";
  }

  private static String notArrayOrStringifiedArray(String name) {
    return "\"" + name + "\" failed custom validation because " + name + " must be a valid array or stringified array.";
  }
}
