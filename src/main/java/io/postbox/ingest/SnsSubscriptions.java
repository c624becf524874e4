package io.postbox.ingest;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verified SNS control messages (SPEC §11.6): a SubscriptionConfirmation is confirmed with a GET of its
 * SubscribeURL when {@code sns.autoConfirm}, otherwise its URL is logged for an operator; an
 * UnsubscribeConfirmation is logged. Completes with the outcome the callback answers from.
 */
final class SnsSubscriptions {
  static final String CONFIRMED = "confirmed";
  static final String CONFIRMATION_PENDING = "confirmation_pending";
  static final String UNSUBSCRIBED = "unsubscribed";

  private static final Logger LOG = LoggerFactory.getLogger(SnsSubscriptions.class);

  private final boolean autoConfirm;
  private final SnsUrls urls;
  private final WebClient client;

  SnsSubscriptions(SnsSettings settings, WebClient client) {
    this.autoConfirm = settings.autoConfirm();
    this.urls = new SnsUrls(settings.certificateHostPattern());
    this.client = client;
  }

  Future<String> handle(JsonObject envelope) {
    String topicArn = envelope.getString("TopicArn");
    if ("UnsubscribeConfirmation".equals(envelope.getValue("Type"))) {
      LOG.info("SNS topic {} unsubscribed this endpoint; to subscribe again visit {}", topicArn,
          envelope.getValue("SubscribeURL"));
      return Future.succeededFuture(UNSUBSCRIBED);
    }
    URI subscribeUrl;
    try {
      subscribeUrl = urls.subscribeUrl(envelope.getValue("SubscribeURL"));
    } catch (SnsVerificationException refused) {
      return Future.failedFuture(refused);
    }
    if (!autoConfirm) {
      LOG.warn("SNS topic {} asks for confirmation (sns.autoConfirm is off): visit {}", topicArn, subscribeUrl);
      return Future.succeededFuture(CONFIRMATION_PENDING);
    }
    return client.getAbs(subscribeUrl.toString()).followRedirects(false).timeout(SnsWebClient.TIMEOUT_MS).send()
        .compose(response -> {
          if (response.statusCode() / 100 != 2) {
            return Future.failedFuture(new IllegalStateException(
                "SNS SubscribeURL of topic " + topicArn + " answered " + response.statusCode()));
          }
          LOG.info("Confirmed the SNS subscription to topic {}", topicArn);
          return Future.succeededFuture(CONFIRMED);
        });
  }
}
