package io.postbox.dispatch;

import io.postbox.contract.Addresses;
import io.postbox.contract.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Consumer;

/** The send command: checks, MIME, SES (or the sandbox), on {@link Addresses#DISPATCH_SEND}. */
public final class DispatchVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    DispatchSettings settings = DispatchSettings.from(config());
    SesGateway ses = new SandboxSes();
    Consumer<SandboxEvents.SandboxEmail> afterAccepted = settings.sandbox()
        ? new SandboxSimulator(vertx, settings.sandboxTimeScale()) : email -> { };
    SendCommand sendCommand = new SendCommand(vertx, new EmailRecords(vertx.eventBus()), ses, settings, afterAccepted);
    return Replies.consume(vertx.eventBus(), Addresses.DISPATCH_SEND, sendCommand::handle);
  }
}
