package io.postbox.webhooks;

import io.postbox.bus.ServiceAnswers;
import io.postbox.contract.WebhookTargets;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.net.InetAddress;

/**
 * Answers {@link WebhookTargets#CHECK} for the api of this node (deployed with the api role): webhook creation then
 * needs no node of the webhooks role, and the api's check and every attempt's check are the same {@link TargetGuard}.
 */
public final class WebhookTargetsVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    WebhookSettings settings = WebhookSettings.from(config());
    TargetGuard guard = new TargetGuard(vertx, settings.allowPrivateTargets(), InetAddress::getAllByName);
    return new ServiceAnswers(vertx).answerLocally(WebhookTargets.CHECK, guard::check);
  }
}
