package io.postbox.webhooks;

import io.postbox.contract.WebhookTargets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The one private-target guard (SPEC §16, §24): resolves a webhook host off the event loop and refuses it when any of
 * its addresses is private, unless private targets are allowed. The address it answers is the one an attempt then
 * connects to, so a DNS answer that changes between the check and the connection cannot redirect the request.
 */
final class TargetGuard implements WebhookTargets {
  /** Resolution is replaceable in tests. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Vertx vertx;
  private final boolean allowPrivate;
  private final Resolver resolver;

  TargetGuard(Vertx vertx, boolean allowPrivate, Resolver resolver) {
    this.vertx = vertx;
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  @Override
  public Future<Target> check(Host host) {
    return vertx.executeBlocking(() -> resolver.resolve(host.name()), false)
        .otherwise(unresolved -> new InetAddress[0])
        .map(addresses -> {
          if (addresses.length == 0) {
            return Target.refused(Refusal.UNRESOLVED);
          }
          if (!allowPrivate && PrivateAddresses.anyPrivate(addresses)) {
            return Target.refused(Refusal.PRIVATE);
          }
          return Target.allowed(addresses[0].getHostAddress());
        });
  }
}
