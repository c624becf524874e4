package io.postbox.dispatch;

import io.postbox.contract.FromAddress;
import io.postbox.contract.Timestamps;
import io.postbox.contract.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One email's events in the SES event-publishing format (what a configuration set publishes to
 * SNS/SQS with raw delivery): {@code eventType}, the shared {@code mail} object, and the payload.
 */
final class SandboxEventJson {
  static final String SENDING_ACCOUNT_ID = "123456789012";
  static final String REGION = "us-east-1";
  static final String DELIVERY_REPORTING_MTA = "a8-70.smtp-out.amazonses.com";
  static final String BOUNCE_REPORTING_MTA = "dns; amazonses.com";
  static final String SMTP_RESPONSE = "250 2.6.0 Message received";
  static final String REMOTE_MTA_IP = "127.0.0.1";
  static final String COMPLAINT_USER_AGENT = "Amazon SES Mailbox Simulator";

  private final JsonObject mail;
  private final Instant mailTimestamp;
  private final RandomGenerator random;

  SandboxEventJson(SandboxEvents.SandboxEmail email, List<String> destination, Instant mailTimestamp,
      RandomGenerator random) {
    this.mailTimestamp = mailTimestamp;
    this.random = random;
    this.mail = mail(email, destination, mailTimestamp);
  }

  String send() {
    return event("Send", "send", new JsonObject());
  }

  String delivery(String recipient, Instant at) {
    return event("Delivery", "delivery", new JsonObject()
        .put("timestamp", Timestamps.format(at))
        .put("processingTimeMillis", at.toEpochMilli() - mailTimestamp.toEpochMilli())
        .put("recipients", new JsonArray().add(recipient))
        .put("smtpResponse", SMTP_RESPONSE)
        .put("reportingMTA", DELIVERY_REPORTING_MTA)
        .put("remoteMtaIp", REMOTE_MTA_IP));
  }

  String bounce(String recipient, SandboxScenario scenario, Instant at) {
    JsonObject bouncedRecipient = new JsonObject()
        .put("emailAddress", recipient)
        .put("action", "failed")
        .put("status", "5.1.1")
        .put("diagnosticCode", scenario.bounceDiagnosticCode());
    return event("Bounce", "bounce", new JsonObject()
        .put("feedbackId", feedbackId(at))
        .put("bounceType", scenario.bounceType())
        .put("bounceSubType", scenario.bounceSubType())
        .put("bouncedRecipients", new JsonArray().add(bouncedRecipient))
        .put("timestamp", Timestamps.format(at))
        .put("reportingMTA", BOUNCE_REPORTING_MTA));
  }

  String complaint(String recipient, Instant at) {
    return event("Complaint", "complaint", new JsonObject()
        .put("feedbackId", feedbackId(at))
        .putNull("complaintSubType")
        .put("complainedRecipients", new JsonArray().add(new JsonObject().put("emailAddress", recipient)))
        .put("timestamp", Timestamps.format(at))
        .put("userAgent", COMPLAINT_USER_AGENT)
        .put("complaintFeedbackType", "abuse")
        .put("arrivalDate", Timestamps.format(at)));
  }

  private String event(String eventType, String payloadKey, JsonObject payload) {
    return new JsonObject()
        .put("eventType", eventType)
        .put("mail", mail)
        .put(payloadKey, payload)
        .encode();
  }

  private static JsonObject mail(SandboxEvents.SandboxEmail email, List<String> destination, Instant timestamp) {
    String fromDomain = domainOf(email.from());
    return new JsonObject()
        .put("timestamp", Timestamps.format(timestamp))
        .put("source", email.from())
        .put("sourceArn", "arn:aws:ses:%s:%s:identity/%s".formatted(REGION, SENDING_ACCOUNT_ID, fromDomain))
        .put("sendingAccountId", SENDING_ACCOUNT_ID)
        .put("messageId", email.sesMessageId())
        .put("destination", new JsonArray(List.copyOf(destination)))
        .put("headersTruncated", false)
        .put("headers", headers(email, timestamp))
        .put("commonHeaders", commonHeaders(email, timestamp))
        .put("tags", new JsonObject()
            .put("ses:configuration-set", new JsonArray().add(email.configurationSet()))
            .put("ses:source-ip", new JsonArray().add("127.0.0.1"))
            .put("ses:from-domain", new JsonArray().add(fromDomain))
            .put("ses:caller-identity", new JsonArray().add("postbox-sandbox"))
            .put("postbox_email_id", new JsonArray().add(email.emailId())));
  }

  // Bcc addresses are in mail.destination only, as in a real message's headers.
  private static JsonArray headers(SandboxEvents.SandboxEmail email, Instant timestamp) {
    JsonArray headers = new JsonArray()
        .add(header("From", email.from()))
        .add(header("To", email.recipient()));
    if (!email.cc().isEmpty()) {
      headers.add(header("Cc", String.join(", ", email.cc())));
    }
    return headers
        .add(header("Subject", email.subject()))
        .add(header("Date", rfc5322Date(timestamp)))
        .add(header("MIME-Version", "1.0"));
  }

  private static JsonObject commonHeaders(SandboxEvents.SandboxEmail email, Instant timestamp) {
    JsonObject common = new JsonObject()
        .put("from", new JsonArray().add(email.from()))
        .put("date", rfc5322Date(timestamp))
        .put("to", new JsonArray().add(email.recipient()));
    if (!email.cc().isEmpty()) {
      common.put("cc", new JsonArray(List.copyOf(email.cc())));
    }
    return common
        .put("messageId", email.sesMessageId())
        .put("subject", email.subject());
  }

  private static JsonObject header(String name, String value) {
    return new JsonObject().put("name", name).put("value", value);
  }

  private static String rfc5322Date(Instant timestamp) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(timestamp.atOffset(ZoneOffset.UTC));
  }

  private static String domainOf(String from) {
    FromAddress parsed = FromAddress.parse(from.trim());
    String address = parsed == null ? from : parsed.address();
    return address.substring(address.lastIndexOf('@') + 1);
  }

  // Shaped like an SES feedback id: sending time in hex, random groups, "-000000".
  private String feedbackId(Instant at) {
    return "%016x-%08x-%04x-%04x-%04x-%012x-000000".formatted(at.toEpochMilli(), random.nextInt(),
        random.nextInt(0x10000), random.nextInt(0x10000), random.nextInt(0x10000),
        random.nextLong(0x1000000000000L));
  }
}
