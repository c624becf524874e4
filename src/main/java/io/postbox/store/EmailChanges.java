package io.postbox.store;

import java.time.Instant;

/** The net effect of a batch's new events on one email: the best status candidate and the earliest times. */
final class EmailChanges {
  final long emailId;
  EventEffect best;
  Instant sentAt;
  Instant deliveredAt;
  Instant openedAt;
  Instant bouncedAt;
  Instant complainedAt;
  Instant firstHumanOpenAt;
  int clicks;

  EmailChanges(long emailId) {
    this.emailId = emailId;
  }

  void add(EventEffect effect, boolean humanOpen) {
    if (effect.beats(best)) {
      best = effect;
    }
    Instant at = effect.occurredAt();
    switch (effect.type()) {
      case "send" -> sentAt = earliest(sentAt, at);
      case "open" -> {
        openedAt = earliest(openedAt, at);
        if (humanOpen) {
          firstHumanOpenAt = earliest(firstHumanOpenAt, at);
        }
      }
      case "click" -> clicks++;
      case "delivery" -> deliveredAt = effect.rank() == null ? deliveredAt : earliest(deliveredAt, at);
      case "bounce" -> bouncedAt = effect.rank() == null ? bouncedAt : earliest(bouncedAt, at);
      case "complaint" -> complainedAt = effect.rank() == null ? complainedAt : earliest(complainedAt, at);
      default -> {
      }
    }
  }

  private static Instant earliest(Instant current, Instant candidate) {
    return current == null || candidate.isBefore(current) ? candidate : current;
  }
}
