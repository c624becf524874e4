package io.postbox.ingest;

import static io.postbox.ingest.JsonFields.requiredNonEmptyArray;
import static io.postbox.ingest.JsonFields.requiredText;
import static io.postbox.ingest.JsonFields.text;
import static io.postbox.ingest.JsonFields.wholeNumber;

import io.postbox.contract.MachineOpens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reads the payload object of each SES event type into its affected recipients (SPEC §11.4, §12, §15). */
final class SesPayloads {
  private static final String NOT_SPAM = "not-spam";

  private final MachineOpens machineOpens;

  SesPayloads(MachineOpens machineOpens) {
    this.machineOpens = machineOpens;
  }

  /** The event time of SPEC §9.2 rule 4, exactly as received. */
  static String eventTimeAsReceived(SesEventType type, JsonObject mail, JsonObject payload) {
    return switch (type) {
      case SEND, REJECT, RENDERING_FAILURE -> requiredText(mail, "timestamp", "mail.timestamp");
      case SUBSCRIPTION -> payload.containsKey("timestamp")
          ? requiredText(payload, "timestamp", "subscription.timestamp")
          : requiredText(mail, "timestamp", "mail.timestamp");
      default -> requiredText(payload, "timestamp", type.payloadKey() + ".timestamp");
    };
  }

  List<AffectedRecipient> read(SesEventType type, JsonObject payload) {
    return switch (type) {
      case SEND -> List.of(AffectedRecipient.wholeEmail(new JsonObject(), null));
      case DELIVERY -> delivery(payload);
      case BOUNCE -> bounce(payload);
      case COMPLAINT -> complaint(payload);
      case OPEN -> List.of(open(payload));
      case CLICK -> List.of(click(payload));
      case REJECT -> List.of(AffectedRecipient.wholeEmail(new JsonObject().put("reason", text(payload, "reason")), null));
      case DELIVERY_DELAY -> deliveryDelay(payload);
      case RENDERING_FAILURE -> List.of(AffectedRecipient.wholeEmail(new JsonObject()
          .put("template_name", text(payload, "templateName"))
          .put("error_message", text(payload, "errorMessage")), null));
      case SUBSCRIPTION -> List.of(AffectedRecipient.wholeEmail(new JsonObject()
          .put("contact_list", text(payload, "contactList"))
          .put("source", text(payload, "source")), null));
    };
  }

  private static List<AffectedRecipient> delivery(JsonObject delivery) {
    JsonArray recipients = requiredNonEmptyArray(delivery, "recipients", "delivery.recipients");
    List<AffectedRecipient> affected = new ArrayList<>();
    for (Object recipient : recipients) {
      if (!(recipient instanceof String address) || address.isBlank()) {
        throw new MalformedSesEvent("delivery.recipients holds something other than an address");
      }
      affected.add(new AffectedRecipient(address, new JsonObject()
          .put("smtp_response", text(delivery, "smtpResponse"))
          .put("processing_time_ms", wholeNumber(delivery, "processingTimeMillis"))
          .put("reporting_mta", text(delivery, "reportingMTA")), null, false));
    }
    return affected;
  }

  private static List<AffectedRecipient> bounce(JsonObject bounce) {
    String bounceType = text(bounce, "bounceType");
    boolean permanent = "Permanent".equals(bounceType);
    return perRecipientEntry(bounce, "bounce.bouncedRecipients", entry -> new AffectedRecipient(
        entry.getString("emailAddress"),
        new JsonObject()
            .put("bounce_type", bounceType)
            .put("bounce_sub_type", text(bounce, "bounceSubType"))
            .put("action", text(entry, "action"))
            .put("status", text(entry, "status"))
            .put("diagnostic_code", text(entry, "diagnosticCode")),
        text(bounce, "feedbackId"), permanent));
  }

  private static List<AffectedRecipient> complaint(JsonObject complaint) {
    String feedbackType = text(complaint, "complaintFeedbackType");
    boolean blacklist = !NOT_SPAM.equals(feedbackType);
    return perRecipientEntry(complaint, "complaint.complainedRecipients", entry -> new AffectedRecipient(
        entry.getString("emailAddress"),
        new JsonObject()
            .put("feedback_type", feedbackType)
            .put("complaint_sub_type", text(complaint, "complaintSubType"))
            .put("user_agent", text(complaint, "userAgent")),
        text(complaint, "feedbackId"), blacklist));
  }

  private static List<AffectedRecipient> deliveryDelay(JsonObject delay) {
    return perRecipientEntry(delay, "deliveryDelay.delayedRecipients", entry -> new AffectedRecipient(
        entry.getString("emailAddress"),
        new JsonObject()
            .put("delay_type", text(delay, "delayType"))
            .put("expiration_time", EventTimes.normalizeOrKeep(text(delay, "expirationTime")))
            .put("status", text(entry, "status"))
            .put("diagnostic_code", text(entry, "diagnosticCode")),
        null, false));
  }

  private AffectedRecipient open(JsonObject open) {
    String userAgent = text(open, "userAgent");
    String ipAddress = text(open, "ipAddress");
    boolean machine = machineOpens.isMachineUserAgent(userAgent);
    return AffectedRecipient.wholeEmail(new JsonObject()
        .put("user_agent", userAgent)
        .put("ip_address", ipAddress)
        .put("machine", machine)
        .put("machine_reason", machine ? "user_agent" : null), DedupKeys.extra(ipAddress, userAgent));
  }

  private static AffectedRecipient click(JsonObject click) {
    String link = text(click, "link");
    String userAgent = text(click, "userAgent");
    String ipAddress = text(click, "ipAddress");
    return AffectedRecipient.wholeEmail(new JsonObject()
        .put("link", link)
        .put("user_agent", userAgent)
        .put("ip_address", ipAddress), DedupKeys.extra(link, ipAddress, userAgent));
  }

  /** One entry per element of an array of {@code {"emailAddress": …}} objects, as bounces, complaints and delays have. */
  private static List<AffectedRecipient> perRecipientEntry(JsonObject payload, String path,
      Function<JsonObject, AffectedRecipient> entryReader) {
    JsonArray entries = requiredNonEmptyArray(payload, path.substring(path.indexOf('.') + 1), path);
    List<AffectedRecipient> affected = new ArrayList<>();
    for (Object element : entries) {
      if (!(element instanceof JsonObject entry)) {
        throw new MalformedSesEvent(path + " holds something other than an object");
      }
      requiredText(entry, "emailAddress", path + "[].emailAddress");
      affected.add(entryReader.apply(entry));
    }
    return affected;
  }
}
