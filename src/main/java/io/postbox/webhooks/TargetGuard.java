package io.postbox.webhooks;

import io.postbox.contract.PrivateAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a webhook host (off the event loop) and refuses it when any of its addresses is private (SPEC §16),
 * unless private targets are allowed. The address it returns is the one the request then connects to, so a DNS
 * answer that changes between the check and the connection cannot redirect the request.
 */
final class TargetGuard {
  /** Resolution is replaceable in tests. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** The attempt failed before any request: {@code message} is the attempt's error. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final boolean allowPrivate;
  private final Resolver resolver;

  TargetGuard(Vertx vertx, boolean allowPrivate, Resolver resolver) {
    this.vertx = vertx;
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  Future<InetAddress> check(String host) {
    return vertx.executeBlocking(() -> resolver.resolve(host), false)
        .recover(failure -> Future.failedFuture(new Refused("could not resolve host")))
        .compose(addresses -> {
          if (addresses.length == 0) {
            return Future.failedFuture(new Refused("could not resolve host"));
          }
          if (!allowPrivate && PrivateAddresses.anyPrivate(addresses)) {
            return Future.failedFuture(new Refused(PrivateAddresses.ATTEMPT_ERROR));
          }
          return Future.succeededFuture(addresses[0]);
        });
  }
}
