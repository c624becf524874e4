package io.postbox.dispatch;

import java.util.List;
import java.util.Locale;

/**
 * What the SES mailbox simulator does for one recipient (SPEC §20). Every recipient first shares the
 * email's Send event; {@link #outcomes()} are the events that follow for that recipient alone.
 */
public enum SandboxScenario {
  SUCCESS(List.of(Outcome.DELIVERY), null, null),
  BOUNCE(List.of(Outcome.BOUNCE), "General", "smtp; 550 5.1.1 user unknown"),
  OOTO(List.of(Outcome.DELIVERY), null, null),
  COMPLAINT(List.of(Outcome.DELIVERY, Outcome.COMPLAINT), null, null),
  SUPPRESSION_LIST(List.of(Outcome.BOUNCE), "Suppressed",
      "Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.");

  public static final String SIMULATOR_DOMAIN = "simulator.amazonses.com";

  public enum Outcome { DELIVERY, BOUNCE, COMPLAINT }

  private final List<Outcome> outcomes;
  private final String bounceSubType;
  private final String bounceDiagnosticCode;

  SandboxScenario(List<Outcome> outcomes, String bounceSubType, String bounceDiagnosticCode) {
    this.outcomes = outcomes;
    this.bounceSubType = bounceSubType;
    this.bounceDiagnosticCode = bounceDiagnosticCode;
  }

  /**
   * {@code local[+label]@simulator.amazonses.com}, case-insensitive, picks a simulator scenario;
   * any other address, including subdomains of the simulator domain, is {@link #SUCCESS}.
   */
  public static SandboxScenario forAddress(String address) {
    if (address == null) {
      return SUCCESS;
    }
    int at = address.lastIndexOf('@');
    if (at < 0 || !address.substring(at + 1).equalsIgnoreCase(SIMULATOR_DOMAIN)) {
      return SUCCESS;
    }
    String localPart = address.substring(0, at);
    int plus = localPart.indexOf('+');
    String mailbox = (plus < 0 ? localPart : localPart.substring(0, plus)).toLowerCase(Locale.ROOT);
    return switch (mailbox) {
      case "bounce" -> BOUNCE;
      case "ooto" -> OOTO;
      case "complaint" -> COMPLAINT;
      case "suppressionlist" -> SUPPRESSION_LIST;
      default -> SUCCESS;
    };
  }

  public List<Outcome> outcomes() {
    return outcomes;
  }

  /** Every simulated bounce is {@code Permanent}. */
  public String bounceType() {
    return bounceSubType == null ? null : "Permanent";
  }

  /** {@code General} or {@code Suppressed} for bouncing scenarios, null otherwise. */
  public String bounceSubType() {
    return bounceSubType;
  }

  public String bounceDiagnosticCode() {
    return bounceDiagnosticCode;
  }
}
