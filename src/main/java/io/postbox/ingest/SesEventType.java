package io.postbox.ingest;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The SES event types of SPEC §11.2, with their timeline type (§15) and the key of their payload object. */
enum SesEventType {
  SEND("Send", "send", "send"),
  DELIVERY("Delivery", "delivery", "delivery"),
  BOUNCE("Bounce", "bounce", "bounce"),
  COMPLAINT("Complaint", "complaint", "complaint"),
  OPEN("Open", "open", "open"),
  CLICK("Click", "click", "click"),
  REJECT("Reject", "reject", "reject"),
  DELIVERY_DELAY("DeliveryDelay", "delivery_delay", "deliveryDelay"),
  RENDERING_FAILURE("Rendering Failure", "rendering_failure", "failure"),
  SUBSCRIPTION("Subscription", "subscription", "subscription");

  private static final Set<SesEventType> IDENTITY_NOTIFICATIONS = EnumSet.of(BOUNCE, COMPLAINT, DELIVERY);

  private final String sesName;
  private final String timelineType;
  private final String payloadKey;

  SesEventType(String sesName, String timelineType, String payloadKey) {
    this.sesName = sesName;
    this.timelineType = timelineType;
    this.payloadKey = payloadKey;
  }

  static Optional<SesEventType> ofEventType(String name) {
    return Arrays.stream(values()).filter(type -> type.sesName.equals(name)).findFirst();
  }

  static Optional<SesEventType> ofNotificationType(String name) {
    return ofEventType(name).filter(IDENTITY_NOTIFICATIONS::contains);
  }

  String sesName() {
    return sesName;
  }

  String timelineType() {
    return timelineType;
  }

  String payloadKey() {
    return payloadKey;
  }

  /** Send carries nothing in its payload, so a Send event without one is still a Send. */
  boolean payloadRequired() {
    return this != SEND;
  }
}
