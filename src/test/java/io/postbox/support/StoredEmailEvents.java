package io.postbox.support;

import io.postbox.dispatch.SandboxEvents;
import io.postbox.dispatch.SandboxEvents.ScheduledEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SES events one email stored by aws-ses-v2-local would publish, by the mailbox simulator's rules (SPEC §20):
 * Send, then per recipient Delivery, Bounce or Delivery and Complaint, as raw event-publishing JSON whose
 * {@code mail.messageId} is the message id {@code SendEmail} returned. The emulator keeps neither the email tags
 * nor the configuration set, so the events carry no {@code postbox_email_id} and no {@code ses:configuration-set}
 * tag: postbox finds the email by its SES message id.
 */
final class StoredEmailEvents {
  private static final String UNKNOWN = "unknown";

  private final SandboxEvents events;

  StoredEmailEvents(SandboxEvents events) {
    this.events = events;
  }

  /** The events in publishing order, each with its delay after {@code receivedAt}; none for an email without To. */
  List<ScheduledEvent> of(JsonObject stored, Instant receivedAt) {
    JsonObject destination = stored.getJsonObject("destination", new JsonObject());
    List<String> to = addresses(destination.getJsonArray("to"));
    if (to.isEmpty()) {
      return List.of();
    }
    SandboxEvents.SandboxEmail email = new SandboxEvents.SandboxEmail(UNKNOWN, stored.getString("messageId"),
        receivedAt, stored.getString("from"), to.get(0), addresses(destination.getJsonArray("cc")),
        addresses(destination.getJsonArray("bcc")), stored.getString("subject", ""), UNKNOWN);
    return events.plan(email).stream()
        .map(event -> new ScheduledEvent(event.delayMillis(), withoutUnknownTags(event.rawJson())))
        .toList();
  }

  private static String withoutUnknownTags(String rawJson) {
    JsonObject event = new JsonObject(rawJson);
    JsonObject tags = event.getJsonObject("mail").getJsonObject("tags");
    tags.remove("postbox_email_id");
    tags.remove("ses:configuration-set");
    return event.encode();
  }

  // The emulator lists each address header as one display string, e.g. "a@example.com, B <b@example.com>".
  private static List<String> addresses(JsonArray headers) {
    List<String> addresses = new ArrayList<>();
    if (headers == null) {
      return addresses;
    }
    for (Object header : headers) {
      try {
        for (InternetAddress address : InternetAddress.parseHeader(String.valueOf(header), false)) {
          addresses.add(address.getAddress());
        }
      } catch (AddressException unparseable) {
        addresses.add(String.valueOf(header));
      }
    }
    return addresses;
  }
}
