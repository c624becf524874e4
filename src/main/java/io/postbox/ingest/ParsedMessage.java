package io.postbox.ingest;

import io.postbox.contract.EventText;
import io.postbox.contract.NormalizedEvent;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What one queue message or callback body turned out to be. {@code snsEnvelope} is the SNS envelope whenever
 * the body was one, whatever the kind, so that a verifier can check its signature before anything is applied.
 */
public record ParsedMessage(Kind kind, String reason, String detail, List<NormalizedEvent> events,
    JsonObject snsEnvelope) {
  public static final String UNPARSEABLE = "unparseable";
  public static final String UNKNOWN_TYPE = "unknown_type";

  public enum Kind {
    /** At least one normalized event in {@code events}. */
    EVENTS,
    /** Goes to the rejects table with reason {@code unparseable}. */
    UNPARSEABLE,
    /** Goes to the rejects table with reason {@code unknown_type}. */
    UNKNOWN_TYPE,
    /** Events whose text could not be stored: goes to the rejects table with reason {@code invalid_characters}. */
    INVALID_CHARACTERS,
    /** An SNS SubscriptionConfirmation or UnsubscribeConfirmation; see {@code snsEnvelope().getString("Type")}. */
    SNS_CONTROL
  }

  public ParsedMessage {
    events = List.copyOf(events);
  }

  static ParsedMessage events(List<NormalizedEvent> events, JsonObject snsEnvelope) {
    return new ParsedMessage(Kind.EVENTS, null, null, events, snsEnvelope);
  }

  static ParsedMessage unparseable(String detail, JsonObject snsEnvelope) {
    return new ParsedMessage(Kind.UNPARSEABLE, UNPARSEABLE, detail, List.of(), snsEnvelope);
  }

  static ParsedMessage unknownType(String detail, JsonObject snsEnvelope) {
    return new ParsedMessage(Kind.UNKNOWN_TYPE, UNKNOWN_TYPE, detail, List.of(), snsEnvelope);
  }

  static ParsedMessage invalidCharacters(JsonObject snsEnvelope) {
    return new ParsedMessage(Kind.INVALID_CHARACTERS, EventText.INVALID_CHARACTERS,
        "an event holds a control character or half a surrogate pair", List.of(), snsEnvelope);
  }

  static ParsedMessage snsControl(JsonObject snsEnvelope) {
    return new ParsedMessage(Kind.SNS_CONTROL, null, null, List.of(), snsEnvelope);
  }

  public boolean isReject() {
    return kind == Kind.UNPARSEABLE || kind == Kind.UNKNOWN_TYPE || kind == Kind.INVALID_CHARACTERS;
  }
}
