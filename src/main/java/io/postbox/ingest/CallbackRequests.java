package io.postbox.ingest;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.Ingest.CallbackBody;
import io.postbox.contract.Ingest.CallbackStatus;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A body the SNS HTTPS callback received, answered with the HTTP status of SPEC §11.6: committed or unparseable
 * 200, confirmation awaiting an operator 202, failed verification 403 (nothing stored), transient failure 500 so
 * that SNS retries.
 */
final class CallbackRequests {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackRequests.class);

  private final SesEventParser parser;
  private final RawMessages rawMessages;
  private final boolean verifySignatures;

  CallbackRequests(SesEventParser parser, RawMessages rawMessages, boolean verifySignatures) {
    this.parser = parser;
    this.rawMessages = rawMessages;
    this.verifySignatures = verifySignatures;
  }

  Future<CallbackStatus> handle(CallbackBody request) {
    String body = request.body();
    if (body == null) {
      return Future.failedFuture(new ApiErrorException(ApiError.validation("body must be a string")));
    }
    ParsedMessage parsed = parser.parse(body);
    if (isUnsignedEvent(parsed, request.rawDelivery())) {
      LOG.warn("Refused a callback body that is neither an SNS envelope nor a raw delivery");
      return Future.succeededFuture(status(403));
    }
    return rawMessages.ingest(RawMessages.CALLBACK, body, parsed)
        .map(done -> status(SnsSubscriptions.CONFIRMATION_PENDING.equals(done.outcome()) ? 202 : 200))
        .recover(failure -> {
          if (failure instanceof SnsVerificationException refused) {
            LOG.warn("Refused an SNS callback: {}", refused.getMessage());
            return Future.succeededFuture(status(403));
          }
          ApiError error = ApiError.fromFailure(failure);
          if (error != null && error.status() == 503) {
            return Future.failedFuture(failure);   // the database is away: 503 with Retry-After, SNS retries
          }
          LOG.error("SNS callback failed; SNS will retry", failure);
          return Future.succeededFuture(status(500));
        });
  }

  /** Without the raw-delivery header only a signed envelope may carry events; garbage is still a reject. */
  private boolean isUnsignedEvent(ParsedMessage parsed, boolean rawDelivery) {
    return verifySignatures && !rawDelivery && parsed.snsEnvelope() == null
        && parsed.kind() != ParsedMessage.Kind.UNPARSEABLE;
  }

  private static CallbackStatus status(int status) {
    return new CallbackStatus(status);
  }
}
