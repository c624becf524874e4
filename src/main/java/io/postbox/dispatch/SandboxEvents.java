package io.postbox.dispatch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Plans the SES events the mailbox simulator would publish for one accepted email (SPEC §20), as raw
 * event-publishing JSON for the ingestion pipeline.
 *
 * <p>One {@code Send} for the email, then, per distinct recipient (main, cc, bcc, compared
 * case-insensitively), that recipient's own {@link SandboxScenario}: one Delivery, Bounce or
 * Complaint event per recipient, never grouped. Delays are drawn per recipient, multiplied by
 * {@code timeScale}, and counted from the acceptance.
 *
 * <p>Event times follow the scaled schedule, so an event never claims a time later than the moment
 * it is fed: Send carries {@code mail.timestamp} = acceptance, each later event acceptance + its
 * delay, pushed to at least 1 ms after the event before it so that times stay strictly increasing in
 * list order even at {@code timeScale} 0.
 */
public final class SandboxEvents {

  /** The accepted email; {@code cc} and {@code bcc} are the addresses actually sent to. */
  public record SandboxEmail(String emailId, String sesMessageId, Instant acceptedAt, String from,
      String recipient, List<String> cc, List<String> bcc, String subject, String configurationSet) {

    public SandboxEmail {
      Objects.requireNonNull(emailId, "emailId");
      Objects.requireNonNull(sesMessageId, "sesMessageId");
      Objects.requireNonNull(acceptedAt, "acceptedAt");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(configurationSet, "configurationSet");
      cc = cc == null ? List.of() : List.copyOf(cc);
      bcc = bcc == null ? List.of() : List.copyOf(bcc);
    }

    /** Main recipient, cc, bcc in that order, each address once. */
    List<String> destination() {
      Map<String, String> byLowercase = new LinkedHashMap<>();
      byLowercase.putIfAbsent(recipient.toLowerCase(Locale.ROOT), recipient);
      for (String address : cc) {
        byLowercase.putIfAbsent(address.toLowerCase(Locale.ROOT), address);
      }
      for (String address : bcc) {
        byLowercase.putIfAbsent(address.toLowerCase(Locale.ROOT), address);
      }
      return List.copyOf(byLowercase.values());
    }
  }

  /** Feed {@code rawJson} to ingestion {@code delayMillis} after the acceptance. */
  public record ScheduledEvent(long delayMillis, String rawJson) {
  }

  record DelayRange(long minMillis, long maxMillis) {
  }

  static final DelayRange SEND_AFTER_ACCEPTANCE = new DelayRange(50, 200);
  static final DelayRange OUTCOME_AFTER_SEND = new DelayRange(500, 2000);
  static final DelayRange COMPLAINT_AFTER_DELIVERY = new DelayRange(1000, 3000);

  private record Step(long delayMillis, SandboxScenario.Outcome outcome, String recipient,
      SandboxScenario scenario) {
  }

  private final double timeScale;
  private final RandomGenerator random;

  public SandboxEvents(double timeScale, RandomGenerator random) {
    if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("timeScale must be a finite number >= 0, was " + timeScale);
    }
    this.timeScale = timeScale;
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The events in the order to feed them: delays non-decreasing, event times strictly increasing. */
  public List<ScheduledEvent> plan(SandboxEmail email) {
    Instant mailTimestamp = email.acceptedAt().truncatedTo(ChronoUnit.MILLIS);
    List<String> destination = email.destination();
    long sendDelay = scaledDelay(SEND_AFTER_ACCEPTANCE);
    List<Step> outcomes = outcomeSteps(destination, sendDelay);

    SandboxEventJson json = new SandboxEventJson(email, destination, mailTimestamp, random);
    List<ScheduledEvent> events = new ArrayList<>();
    events.add(new ScheduledEvent(sendDelay, json.send()));
    Instant previous = mailTimestamp;
    for (Step step : outcomes) {
      Instant scheduled = mailTimestamp.plusMillis(step.delayMillis());
      Instant at = scheduled.isAfter(previous) ? scheduled : previous.plusMillis(1);
      events.add(new ScheduledEvent(step.delayMillis(), json(json, step, at)));
      previous = at;
    }
    return List.copyOf(events);
  }

  private List<Step> outcomeSteps(List<String> destination, long sendDelay) {
    List<Step> steps = new ArrayList<>();
    for (String recipient : destination) {
      SandboxScenario scenario = SandboxScenario.forAddress(recipient);
      long delay = sendDelay;
      for (SandboxScenario.Outcome outcome : scenario.outcomes()) {
        delay += scaledDelay(outcome == SandboxScenario.Outcome.COMPLAINT
            ? COMPLAINT_AFTER_DELIVERY : OUTCOME_AFTER_SEND);
        steps.add(new Step(delay, outcome, recipient, scenario));
      }
    }
    // Stable: on equal delays a recipient's Delivery stays before its Complaint.
    steps.sort(Comparator.comparingLong(Step::delayMillis));
    return steps;
  }

  private static String json(SandboxEventJson json, Step step, Instant at) {
    return switch (step.outcome()) {
      case DELIVERY -> json.delivery(step.recipient(), at);
      case BOUNCE -> json.bounce(step.recipient(), step.scenario(), at);
      case COMPLAINT -> json.complaint(step.recipient(), at);
    };
  }

  private long scaledDelay(DelayRange range) {
    long unscaled = random.nextLong(range.minMillis(), range.maxMillis() + 1);
    return Math.round(unscaled * timeScale);
  }
}
