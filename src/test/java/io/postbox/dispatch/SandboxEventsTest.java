package io.postbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postbox.dispatch.SandboxEvents.SandboxEmail;
import io.postbox.dispatch.SandboxEvents.ScheduledEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxEventsTest {

  static final Instant ACCEPTED_AT = Instant.parse("2016-10-19T23:20:52.240Z");
  static final String SES_MESSAGE_ID = "0100015800b3a4b2-0f6b2c8e-6d6e-4ab0-9c89-2d6b5d1d1f5c-000000";
  static final Pattern ISO_MILLIS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  static final Pattern FEEDBACK_ID =
      Pattern.compile("[0-9a-f]{16}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-000000");
  static final String SUPPRESSED_DIAGNOSTIC =
      "Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.";

  /** One planned event, read back the way the ingestion parser reads it (SPEC §9.2 rule 4, §11). */
  record Event(long delayMillis, JsonObject json) {
    static Event of(ScheduledEvent scheduled) {
      return new Event(scheduled.delayMillis(), new JsonObject(scheduled.rawJson()));
    }

    String type() {
      return json.getString("eventType");
    }

    JsonObject mail() {
      return json.getJsonObject("mail");
    }

    JsonObject payload() {
      return switch (type()) {
        case "Send" -> json.getJsonObject("send");
        case "Delivery" -> json.getJsonObject("delivery");
        case "Bounce" -> json.getJsonObject("bounce");
        case "Complaint" -> json.getJsonObject("complaint");
        default -> throw new AssertionError(type());
      };
    }

    String recipient() {
      return switch (type()) {
        case "Send" -> null;
        case "Delivery" -> only(payload().getJsonArray("recipients")).toString();
        case "Bounce" -> ((JsonObject) only(payload().getJsonArray("bouncedRecipients"))).getString("emailAddress");
        case "Complaint" -> ((JsonObject) only(payload().getJsonArray("complainedRecipients"))).getString("emailAddress");
        default -> throw new AssertionError(type());
      };
    }

    String timeText() {
      return type().equals("Send") ? mail().getString("timestamp") : payload().getString("timestamp");
    }

    Instant time() {
      return Instant.parse(timeText());
    }

    private static Object only(JsonArray array) {
      assertThat(array).hasSize(1);
      return array.getValue(0);
    }
  }

  static SandboxEmail email(String recipient, List<String> cc, List<String> bcc) {
    return new SandboxEmail("4711", SES_MESSAGE_ID, ACCEPTED_AT, "Postbox Team <team@mail.example.com>",
        recipient, cc, bcc, "Your receipt", "postbox-tracking");
  }

  static SandboxEmail email(String recipient) {
    return email(recipient, List.of(), List.of());
  }

  static List<Event> plan(double timeScale, long seed, SandboxEmail email) {
    return new SandboxEvents(timeScale, new Random(seed)).plan(email).stream().map(Event::of).toList();
  }

  static List<Event> plan(SandboxEmail email) {
    return plan(1.0, 42, email);
  }

  static List<String> typesAndRecipients(List<Event> events) {
    return events.stream().map(e -> e.recipient() == null ? e.type() : e.type() + " " + e.recipient()).toList();
  }

  static Event find(List<Event> events, String type, String recipient) {
    return events.stream()
        .filter(e -> e.type().equals(type) && (recipient == null || recipient.equals(e.recipient())))
        .findFirst().orElseThrow(() -> new AssertionError("no " + type + " for " + recipient));
  }

  @Nested
  class ScenariosPerAddress {

    @ParameterizedTest
    @ValueSource(strings = {"success@simulator.amazonses.com", "success+x@simulator.amazonses.com",
        "ooto@simulator.amazonses.com", "OOTO+Holiday@Simulator.AmazonSES.com", "someone@example.com"})
    void deliveredAddressesGetSendThenDelivery(String address) {
      List<Event> events = plan(email(address));

      assertThat(typesAndRecipients(events)).containsExactly("Send", "Delivery " + address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bounce@simulator.amazonses.com", "bounce+test1@simulator.amazonses.com",
        "Bounce+Test1@SIMULATOR.amazonses.com"})
    void bounceAddressGetsAPermanentGeneralBounce(String address) {
      List<Event> events = plan(email(address));

      assertThat(typesAndRecipients(events)).containsExactly("Send", "Bounce " + address);
      JsonObject bounce = events.get(1).payload();
      assertThat(bounce.getString("bounceType")).isEqualTo("Permanent");
      assertThat(bounce.getString("bounceSubType")).isEqualTo("General");
      assertThat(bounce.getJsonArray("bouncedRecipients").getJsonObject(0)).isEqualTo(new JsonObject()
          .put("emailAddress", address)
          .put("action", "failed")
          .put("status", "5.1.1")
          .put("diagnosticCode", "smtp; 550 5.1.1 user unknown"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"suppressionlist@simulator.amazonses.com", "SuppressionList+a@simulator.amazonses.com"})
    void suppressionListAddressGetsAPermanentSuppressedBounce(String address) {
      List<Event> events = plan(email(address));

      assertThat(typesAndRecipients(events)).containsExactly("Send", "Bounce " + address);
      JsonObject bounce = events.get(1).payload();
      assertThat(bounce.getString("bounceType")).isEqualTo("Permanent");
      assertThat(bounce.getString("bounceSubType")).isEqualTo("Suppressed");
      assertThat(bounce.getJsonArray("bouncedRecipients").getJsonObject(0)).isEqualTo(new JsonObject()
          .put("emailAddress", address)
          .put("action", "failed")
          .put("status", "5.1.1")
          .put("diagnosticCode", SUPPRESSED_DIAGNOSTIC));
    }

    @ParameterizedTest
    @ValueSource(strings = {"complaint@simulator.amazonses.com", "complaint+c1@simulator.amazonses.com",
        "COMPLAINT@simulator.amazonses.com"})
    void complaintAddressGetsDeliveryThenAbuseComplaint(String address) {
      List<Event> events = plan(email(address));

      assertThat(typesAndRecipients(events)).containsExactly("Send", "Delivery " + address, "Complaint " + address);
      assertThat(events.get(2).payload().getString("complaintFeedbackType")).isEqualTo("abuse");
    }
  }

  @Nested
  class CcAndBcc {
    static final String MAIN = "reader@example.com";
    static final List<String> CC = List.of("bounce+cc@simulator.amazonses.com", "ooto@simulator.amazonses.com");
    static final List<String> BCC = List.of("complaint@simulator.amazonses.com",
        "suppressionlist@simulator.amazonses.com");

    @Test
    void oneSendForTheEmailListingEveryRecipient() {
      List<Event> events = plan(email(MAIN, CC, BCC));

      List<Event> sends = events.stream().filter(e -> e.type().equals("Send")).toList();
      assertThat(sends).hasSize(1);
      assertThat(events.get(0).type()).isEqualTo("Send");
      assertThat(sends.get(0).mail().getJsonArray("destination")).containsExactly(
          MAIN, CC.get(0), CC.get(1), BCC.get(0), BCC.get(1));
    }

    @Test
    void eachRecipientMeetsTheFateOfItsOwnAddress() {
      List<Event> events = plan(email(MAIN, CC, BCC));

      assertThat(typesAndRecipients(events)).containsExactlyInAnyOrder(
          "Send",
          "Delivery " + MAIN,
          "Bounce " + CC.get(0),
          "Delivery " + CC.get(1),
          "Delivery " + BCC.get(0),
          "Complaint " + BCC.get(0),
          "Bounce " + BCC.get(1));
      assertThat(find(events, "Bounce", CC.get(0)).payload().getString("bounceSubType")).isEqualTo("General");
      assertThat(find(events, "Bounce", BCC.get(1)).payload().getString("bounceSubType")).isEqualTo("Suppressed");
    }

    @Test
    void aBouncingMainRecipientDoesNotStopDeliveryToCc() {
      List<Event> events = plan(email("bounce@simulator.amazonses.com", List.of("friend@example.com"), List.of()));

      assertThat(typesAndRecipients(events)).containsExactlyInAnyOrder(
          "Send", "Bounce bounce@simulator.amazonses.com", "Delivery friend@example.com");
    }

    @Test
    void anAddressListedTwiceIsOneRecipient() {
      List<Event> events = plan(email(MAIN, List.of("twice@example.com"), List.of("TWICE@example.com", MAIN)));

      assertThat(events.get(0).mail().getJsonArray("destination")).containsExactly(MAIN, "twice@example.com");
      assertThat(typesAndRecipients(events)).containsExactlyInAnyOrder(
          "Send", "Delivery " + MAIN, "Delivery twice@example.com");
    }

    @Test
    void ccIsInTheHeadersAndBccIsNot() {
      JsonObject mail = plan(email(MAIN, CC, BCC)).get(0).mail();

      assertThat(mail.getJsonObject("commonHeaders").getJsonArray("to")).containsExactly(MAIN);
      assertThat(mail.getJsonObject("commonHeaders").getJsonArray("cc")).containsExactlyElementsOf(CC);
      assertThat(header(mail, "Cc")).isEqualTo(String.join(", ", CC));
      assertThat(mail.getJsonArray("headers").encode()).doesNotContain(BCC.get(0)).doesNotContain(BCC.get(1));
      assertThat(mail.getJsonObject("commonHeaders").encode()).doesNotContain(BCC.get(0));
    }

    @Test
    void withoutCcThereIsNoCcHeader() {
      JsonObject mail = plan(email(MAIN)).get(0).mail();

      assertThat(mail.getJsonObject("commonHeaders").containsKey("cc")).isFalse();
      assertThat(header(mail, "Cc")).isNull();
    }
  }

  @Nested
  class Delays {
    static final SandboxEmail EVERY_FATE = email("complaint@simulator.amazonses.com",
        List.of("bounce@simulator.amazonses.com", "someone@example.com"),
        List.of("suppressionlist@simulator.amazonses.com", "complaint+b@simulator.amazonses.com"));

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 2.5, 0.1})
    void everyStepWaitsWithinItsScaledRange(double scale) {
      for (long seed = 0; seed < 300; seed++) {
        List<Event> events = plan(scale, seed, EVERY_FATE);
        long send = find(events, "Send", null).delayMillis();
        assertWithin(send, 50, 200, scale);
        for (Event event : events) {
          switch (event.type()) {
            case "Delivery", "Bounce" -> assertWithin(event.delayMillis() - send, 500, 2000, scale);
            case "Complaint" -> assertWithin(
                event.delayMillis() - find(events, "Delivery", event.recipient()).delayMillis(), 1000, 3000, scale);
            default -> assertThat(event.type()).isEqualTo("Send");
          }
        }
      }
    }

    @Test
    void theWholeRangeIsUsed() {
      Set<Long> sendDelays = new HashSet<>();
      for (long seed = 0; seed < 2000; seed++) {
        sendDelays.add(plan(1.0, seed, email("a@example.com")).get(0).delayMillis());
      }
      assertThat(sendDelays).contains(50L, 200L).hasSizeGreaterThan(140);
    }

    @Test
    void recipientsDrawTheirOwnDelays() {
      List<Event> events = plan(1.0, 7, email("a@example.com", List.of("b@example.com", "c@example.com"), List.of()));

      Set<Long> deliveryDelays = new HashSet<>();
      events.stream().filter(e -> e.type().equals("Delivery")).forEach(e -> deliveryDelays.add(e.delayMillis()));
      assertThat(deliveryDelays).hasSizeGreaterThan(1);
    }

    @Test
    void timeScaleZeroFeedsEverythingAtOnce() {
      for (long seed = 0; seed < 20; seed++) {
        assertThat(plan(0.0, seed, EVERY_FATE)).allSatisfy(event -> assertThat(event.delayMillis()).isZero());
      }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0, 2.5})
    void delaysNeverDecreaseInListOrder(double scale) {
      for (long seed = 0; seed < 100; seed++) {
        List<Event> events = plan(scale, seed, EVERY_FATE);
        for (int i = 1; i < events.size(); i++) {
          assertThat(events.get(i).delayMillis()).isGreaterThanOrEqualTo(events.get(i - 1).delayMillis());
        }
      }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1.0, Double.NaN, Double.POSITIVE_INFINITY})
    void aNegativeOrUnknownScaleIsRefused(double scale) {
      assertThatThrownBy(() -> new SandboxEvents(scale, new Random(1)))
          .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertWithin(long actual, long min, long max, double scale) {
      assertThat(actual).isBetween(Math.round(min * scale), Math.round(max * scale));
    }
  }

  @Nested
  class Timestamps {

    @Test
    void sendIsAtTheAcceptanceAndLaterEventsAtTheirScheduledTime() {
      List<Event> events = plan(1.0, 3, email("complaint@simulator.amazonses.com"));

      assertThat(events.get(0).timeText()).isEqualTo("2016-10-19T23:20:52.240Z");
      for (Event event : events.subList(1, events.size())) {
        assertThat(event.time()).isEqualTo(ACCEPTED_AT.plusMillis(event.delayMillis()));
      }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.001, 1.0, 2.5})
    void timesStrictlyIncreaseInListOrder(double scale) {
      SandboxEmail email = email("complaint@simulator.amazonses.com",
          List.of("a@example.com", "bounce@simulator.amazonses.com", "complaint+2@simulator.amazonses.com"),
          List.of("b@example.com", "suppressionlist@simulator.amazonses.com"));
      for (long seed = 0; seed < 100; seed++) {
        List<Event> events = plan(scale, seed, email);
        for (int i = 1; i < events.size(); i++) {
          assertThat(events.get(i).time()).isAfterOrEqualTo(events.get(i - 1).time().plusMillis(1));
        }
      }
    }

    @Test
    void atTimeScaleZeroEventsAreOneMillisecondApart() {
      List<Event> events = plan(0.0, 5, email("complaint@simulator.amazonses.com"));

      assertThat(events).extracting(Event::timeText).containsExactly(
          "2016-10-19T23:20:52.240Z", "2016-10-19T23:20:52.241Z", "2016-10-19T23:20:52.242Z");
      assertThat(events.get(1).payload().getLong("processingTimeMillis")).isEqualTo(1L);
    }

    @Test
    void aComplaintComesAfterItsDelivery() {
      for (double scale : new double[] {0.0, 1.0}) {
        List<Event> events = plan(scale, 11, email("complaint@simulator.amazonses.com"));
        assertThat(find(events, "Complaint", null).time()).isAfter(find(events, "Delivery", null).time());
      }
    }

    @Test
    void everyTimestampIsIsoWithMillisecondsInUtc() {
      List<Event> events = plan(email("complaint@simulator.amazonses.com",
          List.of("bounce@simulator.amazonses.com"), List.of()));

      for (Event event : events) {
        assertThat(event.mail().getString("timestamp")).matches(ISO_MILLIS);
        assertThat(event.timeText()).matches(ISO_MILLIS);
      }
      assertThat(find(events, "Complaint", null).payload().getString("arrivalDate")).matches(ISO_MILLIS);
    }

    @Test
    void subMillisecondAcceptanceIsTruncated() {
      SandboxEmail precise = new SandboxEmail("1", SES_MESSAGE_ID, Instant.parse("2024-02-29T10:00:00.123987654Z"),
          "a@example.com", "b@example.com", List.of(), List.of(), "s", "postbox-tracking");

      List<Event> events = plan(0.0, 1, precise);

      assertThat(events.get(0).mail().getString("timestamp")).isEqualTo("2024-02-29T10:00:00.123Z");
      assertThat(events.get(1).timeText()).isEqualTo("2024-02-29T10:00:00.124Z");
    }

    @Test
    void processingTimeIsFromMailTimestampToDelivery() {
      Event delivery = find(plan(email("a@example.com")), "Delivery", null);

      assertThat(delivery.payload().getLong("processingTimeMillis"))
          .isEqualTo(delivery.time().toEpochMilli() - ACCEPTED_AT.toEpochMilli());
    }
  }

  @Nested
  class JsonShape {
    final List<Event> events = plan(email("complaint@simulator.amazonses.com",
        List.of("bounce@simulator.amazonses.com"), List.of("hidden@example.com")));

    @Test
    void eachEventHasOnlyEventTypeMailAndItsPayload() {
      for (Event event : events) {
        String payloadKey = Character.toLowerCase(event.type().charAt(0)) + event.type().substring(1);
        assertThat(event.json().fieldNames()).containsExactlyInAnyOrder("eventType", "mail", payloadKey);
      }
      assertThat(events.get(0).payload()).isEqualTo(new JsonObject());
    }

    @Test
    void theMailObjectIsTheSameInEveryEvent() {
      assertThat(events).extracting(Event::mail).containsOnly(events.get(0).mail());
    }

    @Test
    void mailObjectDescribesTheEmail() {
      JsonObject mail = events.get(0).mail();

      assertThat(mail.getString("timestamp")).isEqualTo("2016-10-19T23:20:52.240Z");
      assertThat(mail.getString("source")).isEqualTo("Postbox Team <team@mail.example.com>");
      assertThat(mail.getString("sourceArn")).isEqualTo("arn:aws:ses:us-east-1:123456789012:identity/mail.example.com");
      assertThat(mail.getString("sendingAccountId")).isEqualTo("123456789012");
      assertThat(mail.getString("messageId")).isEqualTo(SES_MESSAGE_ID);
      assertThat(mail.getJsonArray("destination")).containsExactly(
          "complaint@simulator.amazonses.com", "bounce@simulator.amazonses.com", "hidden@example.com");
      assertThat(mail.getBoolean("headersTruncated")).isFalse();
      assertThat(header(mail, "From")).isEqualTo("Postbox Team <team@mail.example.com>");
      assertThat(header(mail, "To")).isEqualTo("complaint@simulator.amazonses.com");
      assertThat(header(mail, "Subject")).isEqualTo("Your receipt");
      assertThat(header(mail, "Date")).isEqualTo("Wed, 19 Oct 2016 23:20:52 GMT");
    }

    @Test
    void commonHeadersNameSenderRecipientMessageAndSubject() {
      JsonObject common = events.get(0).mail().getJsonObject("commonHeaders");

      assertThat(common.getJsonArray("from")).containsExactly("Postbox Team <team@mail.example.com>");
      assertThat(common.getJsonArray("to")).containsExactly("complaint@simulator.amazonses.com");
      assertThat(common.getString("messageId")).isEqualTo(SES_MESSAGE_ID);
      assertThat(common.getString("subject")).isEqualTo("Your receipt");
    }

    @Test
    void tagsCarryTheConfigurationSetAndThePostboxEmailId() {
      JsonObject tags = events.get(0).mail().getJsonObject("tags");

      assertThat(tags).isEqualTo(new JsonObject()
          .put("ses:configuration-set", new JsonArray().add("postbox-tracking"))
          .put("ses:source-ip", new JsonArray().add("127.0.0.1"))
          .put("ses:from-domain", new JsonArray().add("mail.example.com"))
          .put("ses:caller-identity", new JsonArray().add("postbox-sandbox"))
          .put("postbox_email_id", new JsonArray().add("4711")));
      assertThat(tags.getJsonArray("postbox_email_id").getString(0)).isEqualTo("4711");
    }

    @Test
    void aBareFromAddressIsItsOwnSourceAndDomain() {
      SandboxEmail bare = new SandboxEmail("9", SES_MESSAGE_ID, ACCEPTED_AT, "noreply@postbox.example.org",
          "a@example.com", List.of(), List.of(), "Hi", "postbox-no-tracking");
      JsonObject mail = plan(bare).get(0).mail();

      assertThat(mail.getString("source")).isEqualTo("noreply@postbox.example.org");
      assertThat(mail.getString("sourceArn")).endsWith(":identity/postbox.example.org");
      assertThat(mail.getJsonObject("tags").getJsonArray("ses:from-domain")).containsExactly("postbox.example.org");
      assertThat(mail.getJsonObject("tags").getJsonArray("ses:configuration-set")).containsExactly("postbox-no-tracking");
      assertThat(mail.getJsonObject("tags").getJsonArray("postbox_email_id")).containsExactly("9");
    }

    @Test
    void deliveryPayload() {
      Event delivery = find(events, "Delivery", "complaint@simulator.amazonses.com");
      JsonObject payload = delivery.payload();

      assertThat(payload.fieldNames()).containsExactlyInAnyOrder(
          "timestamp", "processingTimeMillis", "recipients", "smtpResponse", "reportingMTA", "remoteMtaIp");
      assertThat(payload.getJsonArray("recipients")).containsExactly("complaint@simulator.amazonses.com");
      assertThat(payload.getString("smtpResponse")).isEqualTo("250 2.6.0 Message received");
      assertThat(payload.getString("reportingMTA")).isEqualTo("a8-70.smtp-out.amazonses.com");
      assertThat(payload.getString("remoteMtaIp")).isEqualTo("127.0.0.1");
      assertThat(payload.getLong("processingTimeMillis")).isPositive();
    }

    @Test
    void bouncePayload() {
      JsonObject payload = find(events, "Bounce", "bounce@simulator.amazonses.com").payload();

      assertThat(payload.fieldNames()).containsExactlyInAnyOrder(
          "feedbackId", "bounceType", "bounceSubType", "bouncedRecipients", "timestamp", "reportingMTA");
      assertThat(payload.getString("feedbackId")).matches(FEEDBACK_ID);
      assertThat(payload.getString("reportingMTA")).isEqualTo("dns; amazonses.com");
      assertThat(payload.getString("bounceType")).isEqualTo("Permanent");
    }

    @Test
    void complaintPayload() {
      Event complaint = find(events, "Complaint", "complaint@simulator.amazonses.com");
      JsonObject payload = complaint.payload();

      assertThat(payload.getJsonArray("complainedRecipients")).containsExactly(
          new JsonObject().put("emailAddress", "complaint@simulator.amazonses.com"));
      assertThat(payload.getString("feedbackId")).matches(FEEDBACK_ID);
      assertThat(payload.getString("userAgent")).isEqualTo("Amazon SES Mailbox Simulator");
      assertThat(payload.getString("complaintFeedbackType")).isEqualTo("abuse");
      assertThat(payload.getString("arrivalDate")).isEqualTo(payload.getString("timestamp"));
    }

    @Test
    void feedbackIdsAreUniqueAndStartWithTheEventTimeInHex() {
      List<Event> many = plan(email("bounce+1@simulator.amazonses.com",
          List.of("bounce+2@simulator.amazonses.com", "complaint@simulator.amazonses.com"),
          List.of("suppressionlist@simulator.amazonses.com", "complaint+x@simulator.amazonses.com")));
      List<Event> withFeedback = many.stream().filter(e -> e.payload().containsKey("feedbackId")).toList();

      assertThat(withFeedback).hasSize(5);
      assertThat(withFeedback).extracting(e -> e.payload().getString("feedbackId")).doesNotHaveDuplicates();
      for (Event event : withFeedback) {
        assertThat(event.payload().getString("feedbackId"))
            .startsWith("%016x".formatted(event.time().toEpochMilli()));
      }
    }
  }

  @Nested
  class Determinism {
    static final SandboxEmail EMAIL = email("complaint@simulator.amazonses.com",
        List.of("bounce@simulator.amazonses.com"), List.of("x@example.com"));

    @Test
    void aFixedSeedGivesTheSamePlan() {
      List<ScheduledEvent> first = new SandboxEvents(1.0, new Random(1234)).plan(EMAIL);
      List<ScheduledEvent> second = new SandboxEvents(1.0, new Random(1234)).plan(EMAIL);

      assertThat(second).isEqualTo(first);
    }

    @Test
    void anotherSeedGivesAnotherPlan() {
      List<ScheduledEvent> first = new SandboxEvents(1.0, new Random(1)).plan(EMAIL);
      List<ScheduledEvent> second = new SandboxEvents(1.0, new Random(2)).plan(EMAIL);

      assertThat(second).isNotEqualTo(first);
    }
  }

  @Test
  void theEmailRequiresItsIdentifiersAndCopiesItsLists() {
    assertThatThrownBy(() -> new SandboxEmail(null, SES_MESSAGE_ID, ACCEPTED_AT, "a@example.com", "b@example.com",
        List.of(), List.of(), "s", "c")).isInstanceOf(NullPointerException.class);
    SandboxEmail noLists = new SandboxEmail("1", SES_MESSAGE_ID, ACCEPTED_AT, "a@example.com", "b@example.com",
        null, null, "s", "c");
    assertThat(noLists.cc()).isEmpty();
    assertThat(noLists.bcc()).isEmpty();
  }

  static String header(JsonObject mail, String name) {
    for (Object header : mail.getJsonArray("headers")) {
      JsonObject h = (JsonObject) header;
      if (h.getString("name").equals(name)) {
        return h.getString("value");
      }
    }
    return null;
  }
}
