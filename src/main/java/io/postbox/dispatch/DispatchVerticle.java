package io.postbox.dispatch;

import io.postbox.bus.EmailStoreClient;
import io.postbox.bus.ServiceAnswers;
import io.postbox.contract.Dispatch;
import io.postbox.contract.EmailStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/** The send command: checks, MIME, SES v2 (or the sandbox), on {@link Dispatch#SEND}. */
public final class DispatchVerticle extends VerticleBase {
  private SesV2Gateway sesGateway;
  private ScheduledSends scheduledSends;

  @Override
  public Future<?> start() {
    DispatchSettings settings = DispatchSettings.from(config());
    Future<SesGateway> ses = settings.sandbox()
        ? Future.succeededFuture(new SandboxSes())
        : SesV2Gateway.create(vertx, config()).map(gateway -> sesGateway = gateway);
    // test keys' sends go through the simulator on a live node too (SPEC §28)
    SandboxSimulator simulator = new SandboxSimulator(vertx, settings.sandboxTimeScale());
    Consumer<SandboxEvents.SandboxEmail> afterAccepted = settings.sandbox() ? simulator : email -> { };
    // the sanitizer, file-type detector and mail session load their tables once: off the event loop
    EmailStore store = new EmailStoreClient(vertx);
    return ses.compose(gateway -> vertx.executeBlocking(() ->
            new SendSteps(vertx, store, new Acceptances(vertx, store), gateway, settings, afterAccepted,
                new SandboxSes(), simulator)))
        .compose(steps -> {
          scheduledSends = new ScheduledSends(vertx, store, steps, config().getJsonObject("schedule", new JsonObject())
              .getInteger("leaseSeconds", ScheduledSends.DEFAULT_LEASE_SECONDS),
              settings.sandbox() ? 0 : config().getJsonObject("ses", new JsonObject()).getDouble("maxSendRate", 14.0));
          scheduledSends.start();
          ServiceAnswers answers = new ServiceAnswers(vertx);
          return Future.all(answers.answer(Dispatch.SEND, steps::send),
              answers.answer(Dispatch.SEND_BATCH, steps::sendBatch));
        });
  }

  @Override
  public Future<?> stop() {
    if (scheduledSends != null) {
      scheduledSends.stop();
    }
    if (sesGateway == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      sesGateway.close();
      return null;
    });
  }
}
