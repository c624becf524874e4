package io.postbox.dispatch;

import io.postbox.contract.Addresses;
import io.postbox.bus.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Consumer;

/** The send command: checks, MIME, SES v2 (or the sandbox), on {@link Addresses#DISPATCH_SEND}. */
public final class DispatchVerticle extends VerticleBase {
  private SesV2Gateway sesGateway;

  @Override
  public Future<?> start() {
    DispatchSettings settings = DispatchSettings.from(config());
    Future<SesGateway> ses = settings.sandbox()
        ? Future.succeededFuture(new SandboxSes())
        : SesV2Gateway.create(vertx, config()).map(gateway -> sesGateway = gateway);
    Consumer<SandboxEvents.SandboxEmail> afterAccepted = settings.sandbox()
        ? new SandboxSimulator(vertx, settings.sandboxTimeScale()) : email -> { };
    // the sanitizer, file-type detector and mail session load their tables once: off the event loop
    return ses.compose(gateway -> vertx.executeBlocking(() ->
            new SendCommand(vertx, new EmailRecords(vertx), gateway, settings, afterAccepted)))
        .compose(sendCommand -> Replies.consume(vertx.eventBus(), Addresses.DISPATCH_SEND, sendCommand::handle));
  }

  @Override
  public Future<?> stop() {
    if (sesGateway == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      sesGateway.close();
      return null;
    });
  }
}
