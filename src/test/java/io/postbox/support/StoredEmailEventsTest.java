package io.postbox.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.dispatch.SandboxEvents;
import io.postbox.dispatch.SandboxEvents.ScheduledEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StoredEmailEventsTest {
  private static final Instant RECEIVED_AT = Instant.parse("2026-01-02T03:04:05.678Z");

  private final StoredEmailEvents events = new StoredEmailEvents(new SandboxEvents(1.0, new Random(7)));

  @Test
  void aDeliveredEmailHasOneSendThenADeliveryPerRecipientUnderTheMessageIdSesReturned() {
    List<JsonObject> published = publish(stored("ses-123", "reader@example.com",
        List.of("Carol <carol@example.com>, dave@example.com"), List.of("erin@example.com")));

    assertThat(types(published)).containsExactly("Send", "Delivery", "Delivery", "Delivery", "Delivery");
    assertThat(published).allSatisfy(event -> {
      JsonObject mail = event.getJsonObject("mail");
      assertThat(mail.getString("messageId")).isEqualTo("ses-123");
      assertThat(mail.getString("timestamp")).isEqualTo("2026-01-02T03:04:05.678Z");
      assertThat(mail.getJsonArray("destination")).containsExactly(
          "reader@example.com", "carol@example.com", "dave@example.com", "erin@example.com");
      assertThat(mail.getJsonObject("tags").fieldNames())
          .doesNotContain("postbox_email_id", "ses:configuration-set")
          .contains("ses:from-domain");
    });
    assertThat(published.subList(1, 5).stream()
        .map(event -> event.getJsonObject("delivery").getJsonArray("recipients").getString(0)))
        .containsExactlyInAnyOrder("reader@example.com", "carol@example.com", "dave@example.com", "erin@example.com");
  }

  @Test
  void theMailboxSimulatorAddressesBounceOrComplain() {
    assertThat(types(publish(stored("ses-1", "bounce@simulator.amazonses.com", List.of(), List.of()))))
        .containsExactly("Send", "Bounce");
    assertThat(types(publish(stored("ses-2", "complaint+x@simulator.amazonses.com", List.of(), List.of()))))
        .containsExactly("Send", "Delivery", "Complaint");
  }

  @Test
  void eventsArePlannedInOrderFromTheMomentTheEmailWasSeen() {
    List<ScheduledEvent> planned = events.of(stored("ses-1", "reader@example.com", List.of(), List.of()), RECEIVED_AT);
    assertThat(planned.get(0).delayMillis()).isBetween(50L, 200L);
    assertThat(planned.get(1).delayMillis()).isGreaterThan(planned.get(0).delayMillis());
  }

  @Test
  void anEmailWithoutToPublishesNothing() {
    assertThat(events.of(stored("ses-1", null, List.of("carol@example.com"), List.of()), RECEIVED_AT)).isEmpty();
  }

  private List<JsonObject> publish(JsonObject stored) {
    return events.of(stored, RECEIVED_AT).stream().map(event -> new JsonObject(event.rawJson())).toList();
  }

  // Shaped like an email in aws-ses-v2-local's GET /store after a raw SendEmail.
  private static JsonObject stored(String messageId, String to, List<String> cc, List<String> bcc) {
    return new JsonObject()
        .put("messageId", messageId)
        .put("from", "Postbox <no-reply@example.gov>")
        .put("replyTo", new JsonArray())
        .put("destination", new JsonObject()
            .put("to", to == null ? new JsonArray() : new JsonArray().add(to))
            .put("cc", new JsonArray(List.copyOf(cc)))
            .put("bcc", new JsonArray(List.copyOf(bcc))))
        .put("subject", "Hello")
        .put("body", new JsonObject().put("html", "<p>Hi</p>"))
        .put("attachments", new JsonArray())
        .put("at", RECEIVED_AT.getEpochSecond());
  }

  private static List<String> types(List<JsonObject> events) {
    return events.stream().map(event -> event.getString("eventType")).toList();
  }
}
