package io.postbox.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.MachineOpens;
import io.postbox.contract.NormalizedEvent;
import io.postbox.ingest.ParsedMessage.Kind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §11.1–§11.4, §12, §14.3 and §15 for SES bodies, raw and in SNS envelopes; samples in resources/ses. */
class SesEventParserTest {
  private static final String MESSAGE_ID = "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000";
  private static final String IDENTITY_MESSAGE_ID = "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000";
  private static final String TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:postbox-ses-events";
  private static final List<String> EVENT_SAMPLES = List.of("send", "delivery", "bounce-permanent",
      "bounce-transient", "complaint", "open", "click", "reject", "delivery-delay", "rendering-failure",
      "subscription", "identity-bounce", "identity-complaint", "identity-delivery");

  private final SesEventParser parser = new SesEventParser(new MachineOpens(MachineOpens.DEFAULT_MARKERS));

  // ---- every sample, raw and in an SNS envelope

  static Stream<String> eventSamples() {
    return EVENT_SAMPLES.stream();
  }

  @ParameterizedTest
  @MethodSource("eventSamples")
  void aRawEventAndTheSameEventInAnSnsNotificationGiveTheSameEvents(String name) {
    JsonObject event = sample(name);
    ParsedMessage raw = parser.parse(event.encode());
    String envelope = snsNotification(event);
    ParsedMessage wrapped = parser.parse(envelope);

    assertThat(raw.kind()).isEqualTo(Kind.EVENTS);
    assertThat(raw.snsEnvelope()).isNull();
    assertThat(raw.reason()).isNull();
    assertThat(wrapped.kind()).isEqualTo(Kind.EVENTS);
    assertThat(wrapped.snsEnvelope()).isEqualTo(new JsonObject(envelope));
    assertThat(wrapped.events()).isNotEmpty().isEqualTo(raw.events());
  }

  @ParameterizedTest
  @MethodSource("eventSamples")
  void everyEventHasTheNormalizedShape(String name) {
    for (JsonObject event : events(sample(name))) {
      assertThat(event.fieldNames()).containsExactlyInAnyOrder("dedup_key", "type", "source", "occurred_at",
          "email_id", "ses_message_id", "recipient", "bounce_type", "bounce_sub_type", "complaint_feedback_type",
          "blacklist", "machine_user_agent", "details");
      assertThat(event.getString("source")).isEqualTo("ses");
      assertThat(event.getString("occurred_at")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
      assertThat(event.getString("dedup_key")).matches("[0-9a-f]{64}");
      assertThat(event.getValue("details")).isInstanceOf(JsonObject.class);
      assertThat(event.getValue("blacklist")).isInstanceOf(Boolean.class);
      assertThat(event.getValue("machine_user_agent")).isInstanceOf(Boolean.class);
      if (!event.getString("type").equals("bounce")) {
        assertThat(event.getValue("bounce_type")).isNull();
        assertThat(event.getValue("bounce_sub_type")).isNull();
      }
      if (!event.getString("type").equals("complaint")) {
        assertThat(event.getValue("complaint_feedback_type")).isNull();
      }
      if (!event.getString("type").equals("open")) {
        assertThat(event.getBoolean("machine_user_agent")).isFalse();
      }
    }
  }

  @Test
  void anSnsEnvelopeWithoutSubjectIsStillANotification() {
    JsonObject envelope = new JsonObject(snsNotification(sample("send")));
    envelope.remove("Subject");

    assertThat(parser.parse(envelope.encode()).kind()).isEqualTo(Kind.EVENTS);
  }

  // ---- one event per type

  @Test
  void sendIsOneEventForTheWholeEmailAtTheMailTime() {
    JsonObject event = single(sample("send"));

    assertThat(event.getString("type")).isEqualTo("send");
    assertThat(event.getString("email_id")).isEqualTo("42");
    assertThat(event.getString("ses_message_id")).isEqualTo(MESSAGE_ID);
    assertThat(event.getString("occurred_at")).isEqualTo("2016-10-19T23:20:52.240Z");
    assertThat(event.getValue("recipient")).isNull();
    assertThat(event.containsKey("recipient")).isTrue();
    assertThat(event.getJsonObject("details")).isEqualTo(new JsonObject());
    assertThat(event.getBoolean("blacklist")).isFalse();
  }

  @Test
  void aSendWithoutItsEmptyPayloadIsStillASend() {
    JsonObject send = sample("send");
    send.remove("send");

    assertThat(single(send).getString("type")).isEqualTo("send");
  }

  @Test
  void deliveryToTwoRecipientsIsOneLowercasedEventEach() {
    List<JsonObject> events = events(sample("delivery"));

    assertThat(events).extracting(event -> event.getString("recipient"))
        .containsExactly("recipient@example.com", "cc.person@example.com");
    assertThat(events).extracting(event -> event.getString("dedup_key")).doesNotHaveDuplicates();
    for (JsonObject event : events) {
      assertThat(event.getString("type")).isEqualTo("delivery");
      assertThat(event.getString("occurred_at")).isEqualTo("2016-10-19T23:21:04.133Z");
      assertThat(event.getJsonObject("details")).isEqualTo(new JsonObject()
          .put("smtp_response", "250 2.6.0 Message received")
          .put("processing_time_ms", 11893L)
          .put("reporting_mta", "mta.example.com"));
      assertThat(event.getBoolean("blacklist")).isFalse();
    }
  }

  @Test
  void aPermanentBounceIsOneEventPerBouncedRecipientAndBlacklistsEach() {
    List<JsonObject> events = events(sample("bounce-permanent"));

    assertThat(events).hasSize(2);
    assertThat(events).allSatisfy(event -> {
      assertThat(event.getString("type")).isEqualTo("bounce");
      assertThat(event.getString("occurred_at")).isEqualTo("2017-08-05T00:41:02.669Z");
      assertThat(event.getString("bounce_type")).isEqualTo("Permanent");
      assertThat(event.getString("bounce_sub_type")).isEqualTo("General");
      assertThat(event.getBoolean("blacklist")).isTrue();
    });
    assertThat(events.get(0).getString("recipient")).isEqualTo("recipient@example.com");
    assertThat(events.get(0).getJsonObject("details")).isEqualTo(new JsonObject()
        .put("bounce_type", "Permanent")
        .put("bounce_sub_type", "General")
        .put("action", "failed")
        .put("status", "5.1.1")
        .put("diagnostic_code", "smtp; 550 5.1.1 user unknown"));
    assertThat(events.get(1).getString("recipient")).isEqualTo("cc.person@example.com");
    assertThat(events.get(1).getJsonObject("details")).isEqualTo(new JsonObject()
        .put("bounce_type", "Permanent")
        .put("bounce_sub_type", "General")
        .putNull("action")
        .putNull("status")
        .putNull("diagnostic_code"));
  }

  @Test
  void aTransientBounceDoesNotBlacklist() {
    JsonObject event = single(sample("bounce-transient"));

    assertThat(event.getBoolean("blacklist")).isFalse();
    assertThat(event.getString("bounce_type")).isEqualTo("Transient");
    assertThat(event.getString("bounce_sub_type")).isEqualTo("MailboxFull");
    assertThat(event.getJsonObject("details").getString("bounce_type")).isEqualTo("Transient");
    assertThat(event.getJsonObject("details").getString("bounce_sub_type")).isEqualTo("MailboxFull");
  }

  @Test
  void anUndeterminedBounceDoesNotBlacklist() {
    JsonObject bounce = sample("bounce-transient");
    bounce.getJsonObject("bounce").put("bounceType", "Undetermined").put("bounceSubType", "Undetermined");

    assertThat(single(bounce).getBoolean("blacklist")).isFalse();
  }

  @Test
  void anAbuseComplaintBlacklistsTheComplainedRecipient() {
    JsonObject event = single(sample("complaint"));

    assertThat(event.getString("type")).isEqualTo("complaint");
    assertThat(event.getString("recipient")).isEqualTo("recipient@example.com");
    assertThat(event.getString("complaint_feedback_type")).isEqualTo("abuse");
    assertThat(event.getBoolean("blacklist")).isTrue();
    assertThat(event.getJsonObject("details")).isEqualTo(new JsonObject()
        .put("feedback_type", "abuse")
        .putNull("complaint_sub_type")
        .put("user_agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/60.0.3112.90 Safari/537.36"));
  }

  @Test
  void aNotSpamComplaintDoesNotBlacklist() {
    JsonObject complaint = sample("complaint");
    complaint.getJsonObject("complaint").put("complaintFeedbackType", "not-spam");

    JsonObject event = single(complaint);
    assertThat(event.getBoolean("blacklist")).isFalse();
    assertThat(event.getString("complaint_feedback_type")).isEqualTo("not-spam");
    assertThat(event.getJsonObject("details").getString("feedback_type")).isEqualTo("not-spam");
  }

  @Test
  void onlyExactlyNotSpamSparesTheBlacklist() {
    JsonObject complaint = sample("complaint");
    complaint.getJsonObject("complaint").put("complaintFeedbackType", "Not-Spam");

    assertThat(single(complaint).getBoolean("blacklist")).isTrue();
  }

  @Test
  void aComplaintWithoutFeedbackTypeCountsAsAComplaintAndBlacklists() {
    JsonObject complaint = sample("complaint");
    complaint.getJsonObject("complaint").remove("complaintFeedbackType");

    JsonObject event = single(complaint);
    assertThat(event.getBoolean("blacklist")).isTrue();
    assertThat(event.getValue("complaint_feedback_type")).isNull();
    assertThat(event.getJsonObject("details").containsKey("feedback_type")).isTrue();
    assertThat(event.getJsonObject("details").getValue("feedback_type")).isNull();
  }

  @Test
  void aComplaintWithANullFeedbackTypeBlacklists() {
    JsonObject complaint = sample("complaint");
    complaint.getJsonObject("complaint").putNull("complaintFeedbackType");

    assertThat(single(complaint).getBoolean("blacklist")).isTrue();
  }

  @Test
  void anOpenFromAPhoneIsAHumanOpen() {
    JsonObject event = single(sample("open"));

    assertThat(event.getString("type")).isEqualTo("open");
    assertThat(event.getValue("recipient")).isNull();
    assertThat(event.getString("occurred_at")).isEqualTo("2017-08-09T22:00:19.652Z");
    assertThat(event.getBoolean("machine_user_agent")).isFalse();
    assertThat(event.getJsonObject("details")).isEqualTo(new JsonObject()
        .put("user_agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 10_3_3 like Mac OS X) AppleWebKit/603.3.8 "
            + "(KHTML, like Gecko) Mobile/14G60")
        .put("ip_address", "192.0.2.1")
        .put("machine", false)
        .putNull("machine_reason"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)",
      "Mozilla/5.0", "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html", ""})
  void anOpenByAProxyOrPrefetcherIsAMachineOpen(String userAgent) {
    JsonObject open = sample("open");
    open.getJsonObject("open").put("userAgent", userAgent);

    JsonObject event = single(open);
    assertThat(event.getBoolean("machine_user_agent")).isTrue();
    assertThat(event.getJsonObject("details").getBoolean("machine")).isTrue();
    assertThat(event.getJsonObject("details").getString("machine_reason")).isEqualTo("user_agent");
  }

  @Test
  void anOpenWithoutUserAgentIsAMachineOpen() {
    JsonObject open = sample("open");
    open.getJsonObject("open").remove("userAgent");

    JsonObject details = single(open).getJsonObject("details");
    assertThat(details.getValue("user_agent")).isNull();
    assertThat(details.getBoolean("machine")).isTrue();
    assertThat(details.getString("machine_reason")).isEqualTo("user_agent");
  }

  @Test
  void theConfiguredMarkersDecideWhichOpensAreMachineOpens() {
    SesEventParser onlyCurl = new SesEventParser(new MachineOpens(List.of("curl")));
    JsonObject open = sample("open");
    open.getJsonObject("open").put("userAgent", "GoogleImageProxy");

    JsonObject event = onlyCurl.parse(open.encode()).events().get(0).toJson();
    assertThat(event.getBoolean("machine_user_agent")).isFalse();
    assertThat(event.getJsonObject("details").getBoolean("machine")).isFalse();
  }

  @Test
  void aClickIsOneEventWithItsLink() {
    JsonObject event = single(sample("click"));

    assertThat(event.getString("type")).isEqualTo("click");
    assertThat(event.getValue("recipient")).isNull();
    assertThat(event.getString("occurred_at")).isEqualTo("2017-08-09T23:51:25.570Z");
    assertThat(event.getJsonObject("details")).isEqualTo(new JsonObject()
        .put("link", "http://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html")
        .put("user_agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/60.0.3112.90 Safari/537.36")
        .put("ip_address", "192.0.2.1"));
  }

  @Test
  void aRejectHasItsReasonAndTheMailTime() {
    JsonObject event = single(sample("reject"));

    assertThat(event.getString("type")).isEqualTo("reject");
    assertThat(event.getValue("recipient")).isNull();
    assertThat(event.getString("occurred_at")).isEqualTo("2016-10-19T23:20:52.240Z");
    assertThat(event.getJsonObject("details")).isEqualTo(new JsonObject().put("reason", "Bad content"));
  }

  @Test
  void aDeliveryDelayIsOneEventPerDelayedRecipient() {
    JsonObject event = single(sample("delivery-delay"));

    assertThat(event.getString("type")).isEqualTo("delivery_delay");
    assertThat(event.getString("recipient")).isEqualTo("recipient@example.com");
    assertThat(event.getString("occurred_at")).isEqualTo("2020-06-16T00:15:40.641Z");
    assertThat(event.getBoolean("blacklist")).isFalse();
    assertThat(event.getJsonObject("details")).isEqualTo(new JsonObject()
        .put("delay_type", "TransientCommunicationFailure")
        .put("expiration_time", "2020-06-16T00:25:40.914Z")
        .put("status", "4.4.1")
        .put("diagnostic_code", "smtp; 421 4.4.1 Unable to connect to remote host"));
  }

  @Test
  void aRenderingFailureReadsItsFailurePayloadAndTheMailTime() {
    JsonObject event = single(sample("rendering-failure"));

    assertThat(event.getString("type")).isEqualTo("rendering_failure");
    assertThat(event.getValue("recipient")).isNull();
    assertThat(event.getString("occurred_at")).isEqualTo("2016-10-19T23:20:52.240Z");
    assertThat(event.getJsonObject("details")).isEqualTo(new JsonObject()
        .put("template_name", "MyTemplate")
        .put("error_message", "Attribute 'attributeName' is not present in the rendering data."));
  }

  @Test
  void aSubscriptionUsesItsOwnTime() {
    JsonObject event = single(sample("subscription"));

    assertThat(event.getString("type")).isEqualTo("subscription");
    assertThat(event.getValue("recipient")).isNull();
    assertThat(event.getString("occurred_at")).isEqualTo("2022-01-12T01:00:14.340Z");
    assertThat(event.getJsonObject("details")).isEqualTo(new JsonObject()
        .put("contact_list", "ContactListName")
        .put("source", "UnsubscribeHeader"));
  }

  @Test
  void aSubscriptionWithoutItsOwnTimeUsesTheMailTime() {
    JsonObject subscription = sample("subscription");
    subscription.getJsonObject("subscription").remove("timestamp");

    assertThat(single(subscription).getString("occurred_at")).isEqualTo("2016-10-19T23:20:52.240Z");
  }

  // ---- identity notifications

  @Test
  void anIdentityBounceNotificationIsABounce() {
    JsonObject event = single(sample("identity-bounce"));

    assertThat(event.getString("type")).isEqualTo("bounce");
    assertThat(event.getString("bounce_type")).isEqualTo("Permanent");
    assertThat(event.getString("recipient")).isEqualTo("jane@example.com");
    assertThat(event.getString("ses_message_id")).isEqualTo(IDENTITY_MESSAGE_ID);
    assertThat(event.getValue("email_id")).isNull();
    assertThat(event.getString("occurred_at")).isEqualTo("2016-01-27T14:59:38.237Z");
    assertThat(event.getBoolean("blacklist")).isTrue();
    assertThat(event.getJsonObject("details").getString("diagnostic_code"))
        .isEqualTo("smtp; 550 5.1.1 <jane@example.com>... User");
  }

  @Test
  void anIdentityComplaintNotificationIsAComplaint() {
    JsonObject event = single(sample("identity-complaint"));

    assertThat(event.getString("type")).isEqualTo("complaint");
    assertThat(event.getString("recipient")).isEqualTo("richard@example.com");
    assertThat(event.getBoolean("blacklist")).isTrue();
    assertThat(event.getJsonObject("details").getString("user_agent")).isEqualTo("AnyCompany Feedback Loop (V0.01)");
  }

  @Test
  void anIdentityDeliveryNotificationIsADelivery() {
    JsonObject event = single(sample("identity-delivery"));

    assertThat(event.getString("type")).isEqualTo("delivery");
    assertThat(event.getString("recipient")).isEqualTo("jane@example.com");
    assertThat(event.getJsonObject("details").getLong("processing_time_ms")).isEqualTo(546L);
  }

  @Test
  void theSameBounceAsEventAndAsIdentityNotificationHasOneKey() {
    JsonObject notification = sample("identity-bounce");
    JsonObject published = notification.copy();
    published.remove("notificationType");
    published.put("eventType", "Bounce");

    assertThat(single(published).getString("dedup_key")).isEqualTo(single(notification).getString("dedup_key"));
  }

  // ---- correlation tag

  @Test
  void withoutTheTagTheEmailIdIsNullAndTheMessageIdRemains() {
    JsonObject send = sample("send");
    send.getJsonObject("mail").getJsonObject("tags").remove("postbox_email_id");

    JsonObject event = single(send);
    assertThat(event.containsKey("email_id")).isTrue();
    assertThat(event.getValue("email_id")).isNull();
    assertThat(event.getString("ses_message_id")).isEqualTo(MESSAGE_ID);
  }

  @Test
  void withoutAnyTagsTheEmailIdIsNull() {
    JsonObject send = sample("send");
    send.getJsonObject("mail").remove("tags");

    assertThat(single(send).getValue("email_id")).isNull();
  }

  @ParameterizedTest
  @MethodSource("tagValues")
  void theEmailIdIsAPositiveSigned64BitDecimalOrNull(Object tagValue, String expected) {
    JsonObject send = sample("send");
    send.getJsonObject("mail").getJsonObject("tags").put("postbox_email_id", tagValue);

    assertThat(single(send).getValue("email_id")).isEqualTo(expected);
  }

  static Stream<Arguments> tagValues() {
    return Stream.of(
        Arguments.of(new JsonArray().add("9223372036854775807"), "9223372036854775807"),
        Arguments.of(new JsonArray().add("1").add("2"), "1"),
        Arguments.of(new JsonArray().add("007"), "7"),
        Arguments.of(new JsonArray().add("abc"), null),
        Arguments.of(new JsonArray().add("42abc"), null),
        Arguments.of(new JsonArray().add(""), null),
        Arguments.of(new JsonArray().add("0"), null),
        Arguments.of(new JsonArray().add("-5"), null),
        Arguments.of(new JsonArray().add("+5"), null),
        Arguments.of(new JsonArray().add(" 5"), null),
        Arguments.of(new JsonArray().add("9223372036854775808"), null),
        Arguments.of(new JsonArray().add("99999999999999999999"), null),
        Arguments.of(new JsonArray().add(42), null),
        Arguments.of(new JsonArray(), null),
        Arguments.of("42", null));
  }

  // ---- dedup keys

  @Test
  void aBounceKeyIsTheHashOfTypeMessageTimeRecipientAndFeedbackId() {
    List<JsonObject> events = events(sample("bounce-permanent"));

    String feedbackId = "01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000";
    assertThat(events.get(0).getString("dedup_key")).isEqualTo(sha256Hex(
        "Bounce\n" + MESSAGE_ID + "\n2017-08-05T00:41:02.669Z\nRecipient@example.com\n" + feedbackId));
    assertThat(events.get(1).getString("dedup_key")).isEqualTo(sha256Hex(
        "Bounce\n" + MESSAGE_ID + "\n2017-08-05T00:41:02.669Z\ncc.person@example.com\n" + feedbackId));
  }

  @Test
  void anOpenKeyEndsWithIpAddressAndUserAgentAndHasNoRecipient() {
    JsonObject event = single(sample("open"));

    assertThat(event.getString("dedup_key")).isEqualTo(sha256Hex("Open\n" + MESSAGE_ID
        + "\n2017-08-09T22:00:19.652Z\n\n192.0.2.1|Mozilla/5.0 (iPhone; CPU iPhone OS 10_3_3 like Mac OS X) "
        + "AppleWebKit/603.3.8 (KHTML, like Gecko) Mobile/14G60"));
  }

  @Test
  void aClickKeyEndsWithLinkIpAddressAndUserAgent() {
    JsonObject event = single(sample("click"));

    assertThat(event.getString("dedup_key")).isEqualTo(sha256Hex("Click\n" + MESSAGE_ID
        + "\n2017-08-09T23:51:25.570Z\n\nhttp://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html"
        + "|192.0.2.1|Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        + "Chrome/60.0.3112.90 Safari/537.36"));
  }

  @Test
  void aRenderingFailureKeyUsesTheSesNameWithItsSpaceAndAnEmptyExtra() {
    JsonObject event = single(sample("rendering-failure"));

    assertThat(event.getString("dedup_key"))
        .isEqualTo(sha256Hex("Rendering Failure\n" + MESSAGE_ID + "\n2016-10-19T23:20:52.240Z\n\n"));
  }

  @Test
  void aDeliveryKeyUsesTheRecipientAsReceivedNotLowercased() {
    JsonObject event = events(sample("delivery")).get(0);

    assertThat(event.getString("dedup_key"))
        .isEqualTo(sha256Hex("Delivery\n" + MESSAGE_ID + "\n2016-10-19T23:21:04.133Z\nRecipient@example.com\n"));
  }

  @Test
  void theKeyUsesTheEventTimeAsReceivedWhileOccurredAtIsNormalized() {
    JsonObject delivery = sample("delivery");
    delivery.getJsonObject("delivery").put("timestamp", "2016-10-20T01:21:04.133456+02:00");

    JsonObject event = events(delivery).get(0);
    assertThat(event.getString("occurred_at")).isEqualTo("2016-10-19T23:21:04.133Z");
    assertThat(event.getString("dedup_key")).isEqualTo(sha256Hex(
        "Delivery\n" + MESSAGE_ID + "\n2016-10-20T01:21:04.133456+02:00\nRecipient@example.com\n"));
  }

  @Test
  void aTimeWithoutFractionGetsThreeZeroDigits() {
    JsonObject send = sample("send");
    send.getJsonObject("mail").put("timestamp", "2016-10-19T23:20:52Z");

    assertThat(single(send).getString("occurred_at")).isEqualTo("2016-10-19T23:20:52.000Z");
  }

  @ParameterizedTest
  @MethodSource("eventSamples")
  void identicalInputGivesIdenticalKeys(String name) {
    String body = sample(name).encode();

    assertThat(keys(parser.parse(body))).isEqualTo(keys(parser.parse(body)))
        .isEqualTo(keys(new SesEventParser(new MachineOpens(List.of())).parse(body)));
  }

  @Test
  void theSnsEnvelopeTimeDoesNotChangeTheKeyOrTime() {
    JsonObject event = sample("delivery");
    JsonObject first = new JsonObject(snsNotification(event));
    JsonObject redelivered = first.copy().put("Timestamp", "2030-01-01T00:00:00.000Z").put("MessageId", "other");

    assertThat(parser.parse(redelivered.encode()).events()).isEqualTo(parser.parse(first.encode()).events());
  }

  @Test
  void opensDifferingOnlyInUserAgentHaveDifferentKeys() {
    JsonObject other = sample("open");
    other.getJsonObject("open").put("userAgent", "GoogleImageProxy");

    assertThat(single(other).getString("dedup_key")).isNotEqualTo(single(sample("open")).getString("dedup_key"));
  }

  @Test
  void aRecipientListedTwiceGivesOneEvent() {
    JsonObject delivery = sample("delivery");
    delivery.getJsonObject("delivery").put("recipients", new JsonArray().add("a@example.com").add("a@example.com"));

    assertThat(events(delivery)).hasSize(1);
  }

  // ---- SNS control messages

  @Test
  void anSnsSubscriptionConfirmationIsAControlMessage() {
    String body = resource("sns-subscription-confirmation");
    ParsedMessage parsed = parser.parse(body);

    assertThat(parsed.kind()).isEqualTo(Kind.SNS_CONTROL);
    assertThat(parsed.events()).isEmpty();
    assertThat(parsed.isReject()).isFalse();
    assertThat(parsed.snsEnvelope()).isEqualTo(new JsonObject(body));
    assertThat(parsed.snsEnvelope().getString("SubscribeURL")).startsWith("https://sns.us-west-2.amazonaws.com/");
  }

  @Test
  void anSnsUnsubscribeConfirmationIsAControlMessage() {
    JsonObject envelope = new JsonObject(resource("sns-subscription-confirmation"))
        .put("Type", "UnsubscribeConfirmation");

    ParsedMessage parsed = parser.parse(envelope.encode());
    assertThat(parsed.kind()).isEqualTo(Kind.SNS_CONTROL);
    assertThat(parsed.snsEnvelope().getString("Type")).isEqualTo("UnsubscribeConfirmation");
  }

  // ---- rejects

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "not json", "{\"eventType\": \"Send\"", "[]", "[{\"eventType\": \"Send\"}]",
      "\"Send\"", "42", "null", "true", "{}", "{\"mail\": {\"messageId\": \"m\"}}"})
  void aBodyThatIsNoSesEventIsUnparseable(String body) {
    assertUnparseable(parser.parse(body));
  }

  @Test
  void aNullBodyIsUnparseable() {
    assertUnparseable(parser.parse(null));
  }

  static Stream<Arguments> malformedEvents() {
    return Stream.of(
        malformed("send", "no mail", event -> event.remove("mail")),
        malformed("send", "mail not an object", event -> event.put("mail", "mail")),
        malformed("send", "no messageId", event -> event.getJsonObject("mail").remove("messageId")),
        malformed("send", "empty messageId", event -> event.getJsonObject("mail").put("messageId", "")),
        malformed("send", "numeric messageId", event -> event.getJsonObject("mail").put("messageId", 7)),
        malformed("send", "no mail timestamp", event -> event.getJsonObject("mail").remove("timestamp")),
        malformed("send", "bad mail timestamp", event -> event.getJsonObject("mail").put("timestamp", "yesterday")),
        malformed("send", "time without offset",
            event -> event.getJsonObject("mail").put("timestamp", "2016-10-19T23:20:52.240")),
        malformed("send", "send payload not an object", event -> event.put("send", "x")),
        malformed("send", "eventType not a string", event -> event.put("eventType", 1)),
        malformed("delivery", "no delivery", event -> event.remove("delivery")),
        malformed("delivery", "no recipients", event -> event.getJsonObject("delivery").remove("recipients")),
        malformed("delivery", "empty recipients",
            event -> event.getJsonObject("delivery").put("recipients", new JsonArray())),
        malformed("delivery", "recipient not a string",
            event -> event.getJsonObject("delivery").put("recipients", new JsonArray().add(5))),
        malformed("delivery", "no delivery timestamp", event -> event.getJsonObject("delivery").remove("timestamp")),
        malformed("delivery", "bad delivery timestamp",
            event -> event.getJsonObject("delivery").put("timestamp", "2016-13-45T99:00:00Z")),
        malformed("bounce-permanent", "bounce not an object", event -> event.put("bounce", new JsonArray())),
        malformed("bounce-permanent", "bouncedRecipients not an array",
            event -> event.getJsonObject("bounce").put("bouncedRecipients", "x@example.com")),
        malformed("bounce-permanent", "bounced recipient without address",
            event -> event.getJsonObject("bounce").put("bouncedRecipients",
                new JsonArray().add(new JsonObject().put("status", "5.1.1")))),
        malformed("bounce-permanent", "bounced recipient a string",
            event -> event.getJsonObject("bounce").put("bouncedRecipients", new JsonArray().add("x@example.com"))),
        malformed("complaint", "no complainedRecipients",
            event -> event.getJsonObject("complaint").remove("complainedRecipients")),
        malformed("delivery-delay", "no delayedRecipients",
            event -> event.getJsonObject("deliveryDelay").remove("delayedRecipients")),
        malformed("open", "no open", event -> event.remove("open")),
        malformed("open", "no open timestamp", event -> event.getJsonObject("open").remove("timestamp")),
        malformed("click", "no click", event -> event.remove("click")),
        malformed("reject", "no reject", event -> event.remove("reject")),
        malformed("rendering-failure", "no failure", event -> event.remove("failure")),
        malformed("subscription", "no subscription", event -> event.remove("subscription")),
        malformed("subscription", "bad subscription timestamp",
            event -> event.getJsonObject("subscription").put("timestamp", "soon")),
        malformed("identity-bounce", "identity bounce without bounce", event -> event.remove("bounce")));
  }

  private static Arguments malformed(String sample, String what, Consumer<JsonObject> breakIt) {
    JsonObject event = sample(sample);
    breakIt.accept(event);
    return Arguments.of(what, event);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedEvents")
  void anSesEventOfTheWrongShapeIsUnparseableRawAndWrapped(String what, JsonObject event) {
    assertUnparseable(parser.parse(event.encode()));
    ParsedMessage wrapped = parser.parse(snsNotification(event));
    assertUnparseable(wrapped);
    assertThat(wrapped.snsEnvelope()).isNotNull();
  }

  @Test
  void anSnsNotificationWhoseMessageIsNotJsonIsUnparseableWithTheEnvelopeKept() {
    JsonObject envelope = new JsonObject(snsNotification(sample("send"))).put("Message", "hello");

    ParsedMessage parsed = parser.parse(envelope.encode());
    assertUnparseable(parsed);
    assertThat(parsed.snsEnvelope()).isEqualTo(envelope);
  }

  @Test
  void anSnsNotificationWhoseMessageIsAnObjectInsteadOfAStringIsUnparseable() {
    JsonObject envelope = new JsonObject(snsNotification(sample("send"))).put("Message", sample("send"));

    assertUnparseable(parser.parse(envelope.encode()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"eventType\": \"Teleport\", \"mail\": {\"messageId\": \"m\"}}",
      "{\"eventType\": \"bounce\", \"mail\": {\"messageId\": \"m\"}}",
      "{\"eventType\": \"RenderingFailure\"}",
      "{\"notificationType\": \"AmazonSnsSubscriptionSucceeded\", \"message\": \"You have successfully subscribed\"}",
      "{\"notificationType\": \"Open\", \"mail\": {\"messageId\": \"m\"}}",
      "{\"notificationType\": \"Received\"}"})
  void anUnknownEventOrNotificationTypeIsUnknown(String body) {
    ParsedMessage parsed = parser.parse(body);

    assertThat(parsed.kind()).isEqualTo(Kind.UNKNOWN_TYPE);
    assertThat(parsed.reason()).isEqualTo("unknown_type");
    assertThat(parsed.isReject()).isTrue();
    assertThat(parsed.events()).isEmpty();
  }

  @Test
  void anUnknownTypeInAnSnsNotificationIsUnknownWithTheEnvelopeKept() {
    JsonObject event = sample("send").put("eventType", "Teleport");

    ParsedMessage parsed = parser.parse(snsNotification(event));
    assertThat(parsed.kind()).isEqualTo(Kind.UNKNOWN_TYPE);
    assertThat(parsed.snsEnvelope()).isNotNull();
  }

  @Test
  void anSnsEnvelopeOfAnotherTypeIsUnknown() {
    JsonObject envelope = new JsonObject(snsNotification(sample("send"))).put("Type", "Telegram");

    assertThat(parser.parse(envelope.encode()).kind()).isEqualTo(Kind.UNKNOWN_TYPE);
  }

  // ---- concurrency

  @Test
  void oneParserServesManyThreadsAtOnce() throws Exception {
    List<String> bodies = EVENT_SAMPLES.stream().map(name -> sample(name).encode()).toList();
    List<List<NormalizedEvent>> expected = bodies.stream().map(body -> parser.parse(body).events()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = IntStream.range(0, 800).mapToObj(i -> pool.submit(() ->
          parser.parse(bodies.get(i % bodies.size())).events().equals(expected.get(i % bodies.size())))).toList();
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- helpers

  private List<JsonObject> events(JsonObject sesEvent) {
    ParsedMessage parsed = parser.parse(sesEvent.encode());
    assertThat(parsed.kind()).as("%s", parsed.detail()).isEqualTo(Kind.EVENTS);
    return parsed.events().stream().map(NormalizedEvent::toJson).toList();
  }

  // ---- SPEC §24: text that PostgreSQL cannot hold is refused before it reaches the store

  @ParameterizedTest
  @ValueSource(strings = {"bad\u0000@example.com", "bad\u0001@example.com", "bad\ud800@example.com"})
  void aRecipientWithANulAControlOrHalfASurrogatePairIsRejected(String recipient) {
    JsonObject event = sample("delivery");
    event.getJsonObject("delivery").put("recipients", new JsonArray().add(recipient));
    for (ParsedMessage parsed : List.of(parser.parse(event.encode()), parser.parse(snsNotification(event)))) {
      assertThat(parsed.kind()).isEqualTo(Kind.INVALID_CHARACTERS);
      assertThat(parsed.reason()).isEqualTo("invalid_characters");
      assertThat(parsed.isReject()).isTrue();
      assertThat(parsed.events()).isEmpty();
    }
  }

  @Test
  void aControlCharacterInAStoredDetailIsRejectedButTabsAndLineBreaksAreNot() {
    JsonObject event = sample("bounce-permanent");
    JsonObject entry = event.getJsonObject("bounce").getJsonArray("bouncedRecipients").getJsonObject(0);
    entry.put("diagnosticCode", "smtp; 550\t5.1.1\r\nuser unknown");
    assertThat(parser.parse(event.encode()).kind()).isEqualTo(Kind.EVENTS);
    entry.put("diagnosticCode", "smtp; 550 \u001b[31m");
    assertThat(parser.parse(event.encode()).kind()).isEqualTo(Kind.INVALID_CHARACTERS);
  }

  private JsonObject single(JsonObject sesEvent) {
    List<JsonObject> events = events(sesEvent);
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  private static List<String> keys(ParsedMessage parsed) {
    return parsed.events().stream().map(NormalizedEvent::dedupKey).toList();
  }

  private static void assertUnparseable(ParsedMessage parsed) {
    assertThat(parsed.kind()).isEqualTo(Kind.UNPARSEABLE);
    assertThat(parsed.reason()).isEqualTo("unparseable");
    assertThat(parsed.isReject()).isTrue();
    assertThat(parsed.events()).isEmpty();
  }

  /** An SNS Notification as SNS delivers it to SQS or HTTPS: the SES event JSON as the Message string. */
  private static String snsNotification(JsonObject sesEvent) {
    return new JsonObject()
        .put("Type", "Notification")
        .put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324")
        .put("TopicArn", TOPIC_ARN)
        .put("Subject", "Amazon SES Email Event Notification")
        .put("Message", sesEvent.encode())
        .put("Timestamp", "2016-10-19T23:21:05.123Z")
        .put("SignatureVersion", "1")
        .put("Signature", "EXAMPLEw6JRN3pg5x9WI0XQTD7xBtvYpW9PQyA5PsWP2BKHQxKYkPQ3F3rM7N1eS2Qv0PbKdNnWl2PzlDQ8vWNqHQ==")
        .put("SigningCertURL",
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem")
        .put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
            + TOPIC_ARN + ":c9135db0-26c4-47ec-8998-413945fb5a96")
        .encode();
  }

  /** The digest of the spec, computed without the code under test. */
  private static String sha256Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return String.format("%064x", new BigInteger(1, digest));
    } catch (Exception impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static JsonObject sample(String name) {
    return new JsonObject(resource(name));
  }

  private static String resource(String name) {
    try (InputStream in = SesEventParserTest.class.getResourceAsStream("/ses/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
