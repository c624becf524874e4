package io.postbox.ingest;

import io.postbox.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One raw SES message (from SQS, the callback or the sandbox) through parsing, SNS verification and into the
 * store. Completes once its effects, or its reject, are committed, with {@code {"outcome"}}: {@code applied},
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
  private final EventBus bus;

  RawMessages(SesEventParser parser, SnsVerifier verifier, SnsSubscriptions subscriptions, EventBus bus) {
    this.parser = parser;
    this.verifier = verifier;
    this.subscriptions = subscriptions;
    this.bus = bus;
  }

  Future<JsonObject> ingest(String source, String body) {
    return ingest(source, body, parser.parse(body));
  }

  Future<JsonObject> ingest(String source, String body, ParsedMessage parsed) {
    Future<Void> verified = parsed.snsEnvelope() == null
        ? Future.succeededFuture()
        : verifier.verify(parsed.snsEnvelope());
    return verified.compose(trusted -> apply(source, body, parsed))
        .recover(failure -> {
          if (!(failure instanceof SnsVerificationException refused) || source.equals(CALLBACK)) {
            return Future.failedFuture(failure);
          }
          LOG.warn("Rejected an SNS message from {}: {}", source, refused.getMessage());
          return store(source, body, SnsVerificationException.REJECT_REASON, List.of()).map(outcome(REJECTED));
        });
  }

  private Future<JsonObject> apply(String source, String body, ParsedMessage parsed) {
    return switch (parsed.kind()) {
      case EVENTS -> store(source, body, null, parsed.events()).map(outcome(APPLIED));
      case SNS_CONTROL -> subscriptions.handle(parsed.snsEnvelope()).map(RawMessages::outcome);
      default -> store(source, body, parsed.reason(), List.of()).map(outcome(REJECTED));
    };
  }

  private Future<Void> store(String source, String body, String rejectReason, List<JsonObject> events) {
    JsonObject message = new JsonObject().put("source", source).put("raw_body", body)
        .put("reject_reason", rejectReason).put("events", new JsonArray(events));
    return bus.<JsonObject>request(Addresses.STORE_EVENTS_APPLY, new JsonObject().put("messages", new JsonArray().add(message)))
        .mapEmpty();
  }

  private static JsonObject outcome(String outcome) {
    return new JsonObject().put("outcome", outcome);
  }
}
