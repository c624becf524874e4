package io.postbox.ingest;

import static io.postbox.ingest.JsonFields.optionalObject;
import static io.postbox.ingest.JsonFields.requiredObject;
import static io.postbox.ingest.JsonFields.requiredText;

import io.postbox.contract.EventText;
import io.postbox.contract.MachineOpens;
import io.postbox.contract.NormalizedEvent;
import io.postbox.contract.Timestamps;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one SQS message body or SNS callback body into normalized events (SPEC §11.1–§11.4): an SNS envelope is
 * unwrapped (not verified), then an SES event-publishing event or identity notification becomes one event per
 * affected recipient. Stateless, so one instance serves every thread.
 */
public final class SesEventParser {
  private static final Set<String> SNS_CONTROL_TYPES = Set.of("SubscriptionConfirmation", "UnsubscribeConfirmation");

  private final SesPayloads payloads;

  public SesEventParser(MachineOpens machineOpens) {
    this.payloads = new SesPayloads(machineOpens);
  }

  public ParsedMessage parse(String body) {
    if (!(decode(body) instanceof JsonObject root)) {
      return ParsedMessage.unparseable("body is not a JSON object", null);
    }
    if (!isSnsEnvelope(root)) {
      return parseSesEvent(root, null);
    }
    if (!(root.getValue("Type") instanceof String type) || !(root.getValue("Message") instanceof String message)) {
      return ParsedMessage.unparseable("SNS envelope Type or Message is not a string", root);
    }
    if (SNS_CONTROL_TYPES.contains(type)) {
      return ParsedMessage.snsControl(root);
    }
    if (!type.equals("Notification")) {
      return ParsedMessage.unknownType("SNS envelope Type " + type, root);
    }
    if (!(decode(message) instanceof JsonObject sesEvent)) {
      return ParsedMessage.unparseable("SNS Message is not a JSON object", root);
    }
    return parseSesEvent(sesEvent, root);
  }

  private static boolean isSnsEnvelope(JsonObject root) {
    return root.containsKey("Type") && root.containsKey("Message") && root.containsKey("TopicArn");
  }

  private ParsedMessage parseSesEvent(JsonObject event, JsonObject snsEnvelope) {
    Object eventType = event.getValue("eventType");
    Object notificationType = event.getValue("notificationType");
    String sesTypeName = eventType != null ? textOrNull(eventType) : textOrNull(notificationType);
    if (sesTypeName == null) {
      return ParsedMessage.unparseable("no eventType or notificationType string", snsEnvelope);
    }
    Optional<SesEventType> type = eventType != null
        ? SesEventType.ofEventType(sesTypeName)
        : SesEventType.ofNotificationType(sesTypeName);
    if (type.isEmpty()) {
      return ParsedMessage.unknownType((eventType != null ? "eventType " : "notificationType ") + sesTypeName,
          snsEnvelope);
    }
    try {
      List<NormalizedEvent> events = normalize(type.get(), event);
      // checked before anything reaches SQL, which cannot hold a NUL in text (SPEC §24)
      if (!EventText.isCleanJson(new JsonArray(events.stream().map(NormalizedEvent::toJson).toList()))) {
        return ParsedMessage.invalidCharacters(snsEnvelope);
      }
      return ParsedMessage.events(events, snsEnvelope);
    } catch (MalformedSesEvent malformed) {
      return ParsedMessage.unparseable(malformed.getMessage(), snsEnvelope);
    }
  }

  private List<NormalizedEvent> normalize(SesEventType type, JsonObject event) {
    JsonObject mail = requiredObject(event, "mail", "mail");
    String messageId = requiredText(mail, "messageId", "mail.messageId");
    JsonObject payload = type.payloadRequired()
        ? requiredObject(event, type.payloadKey(), type.payloadKey())
        : Optional.ofNullable(optionalObject(event, type.payloadKey(), type.payloadKey())).orElseGet(JsonObject::new);
    String eventTime = SesPayloads.eventTimeAsReceived(type, mail, payload);
    Instant occurredAt = Timestamps.parse(EventTimes.normalize(eventTime, "event time"));
    String emailId = EmailIdTag.of(mail);

    List<NormalizedEvent> events = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (AffectedRecipient affected : payloads.read(type, payload)) {
      String recipient = affected.recipientAsReceived();
      String dedupKey = DedupKeys.of(type.sesName(), messageId, eventTime, recipient, affected.dedupExtra());
      if (keys.add(dedupKey)) {
        JsonObject details = affected.details();
        events.add(new NormalizedEvent(dedupKey, type.timelineType(), "ses", occurredAt,
            emailId == null ? null : Long.valueOf(emailId), messageId,
            recipient == null ? null : recipient.toLowerCase(Locale.ROOT),
            type == SesEventType.BOUNCE ? details.getString("bounce_type") : null,
            type == SesEventType.BOUNCE ? details.getString("bounce_sub_type") : null,
            type == SesEventType.COMPLAINT ? details.getString("feedback_type") : null,
            affected.blacklist(), type == SesEventType.OPEN && details.getBoolean("machine"), details));
      }
    }
    return events;
  }

  private static Object decode(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Json.decodeValue(text);
    } catch (DecodeException notJson) {
      return null;
    }
  }

  private static String textOrNull(Object value) {
    return value instanceof String text ? text : null;
  }
}
