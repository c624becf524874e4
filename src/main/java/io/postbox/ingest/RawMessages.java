package io.postbox.ingest;

import io.postbox.contract.EmailStore;
import io.postbox.contract.EmailStore.ApplyEvents;
import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.Ingest.Outcome;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One raw SES message (from SQS, the callback or the sandbox) through parsing, SNS verification and into the
 * store. Completes once its effects, or its reject, are committed, with its outcome: {@code applied},
 * {@code rejected}, or an {@link SnsSubscriptions} outcome. A failure means nothing was committed: a
 * {@link SnsVerificationException} on the callback (which stores nothing), otherwise a transient failure after
 * which the message may come again.
 */
final class RawMessages {
  static final String CALLBACK = "callback";
  static final String APPLIED = "applied";
  static final String REJECTED = "rejected";

  private static final Logger LOG = LoggerFactory.getLogger(RawMessages.class);

  private final SesEventParser parser;
  private final SnsVerifier verifier;
  private final SnsSubscriptions subscriptions;
  private final EmailStore store;

  RawMessages(SesEventParser parser, SnsVerifier verifier, SnsSubscriptions subscriptions, EmailStore store) {
    this.parser = parser;
    this.verifier = verifier;
    this.subscriptions = subscriptions;
    this.store = store;
  }

  Future<Outcome> ingest(String source, String body) {
    return ingest(source, body, parser.parse(body));
  }

  Future<Outcome> ingest(String source, String body, ParsedMessage parsed) {
    Future<Void> verified = parsed.snsEnvelope() == null
        ? Future.succeededFuture()
        : verifier.verify(parsed.snsEnvelope());
    return verified.compose(trusted -> apply(source, body, parsed))
        .recover(failure -> {
          if (!(failure instanceof SnsVerificationException refused) || source.equals(CALLBACK)) {
            return Future.failedFuture(failure);
          }
          LOG.warn("Rejected an SNS message from {}: {}", source, refused.getMessage());
          return store(EventMessage.reject(source, body, SnsVerificationException.REJECT_REASON))
              .map(outcome(REJECTED));
        });
  }

  private Future<Outcome> apply(String source, String body, ParsedMessage parsed) {
    return switch (parsed.kind()) {
      case EVENTS -> store(EventMessage.withEvents(source, body, parsed.events())).map(outcome(APPLIED));
      case SNS_CONTROL -> subscriptions.handle(parsed.snsEnvelope()).map(RawMessages::outcome);
      default -> store(EventMessage.reject(source, body, parsed.reason())).map(outcome(REJECTED));
    };
  }

  private Future<Void> store(EventMessage message) {
    return store.applyEvents(new ApplyEvents(List.of(message)));
  }

  private static Outcome outcome(String outcome) {
    return new Outcome(outcome);
  }
}
