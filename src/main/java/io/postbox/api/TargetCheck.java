package io.postbox.api;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.PrivateAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * SPEC §16 at creation and update: a webhook host that is or resolves to a private address is refused, unless
 * {@code webhooks.allowPrivateTargets}. Resolution runs off the event loop; a host that does not resolve (yet) is
 * accepted, since every attempt checks again.
 */
final class TargetCheck {
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Vertx vertx;
  private final boolean allowPrivate;
  private final Resolver resolver;

  TargetCheck(Vertx vertx, boolean allowPrivate, Resolver resolver) {
    this.vertx = vertx;
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  Future<Void> check(String host) {
    if (allowPrivate) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      try {
        return resolver.resolve(host);
      } catch (UnknownHostException unresolved) {
        return new InetAddress[0];
      }
    }, false).compose(addresses -> PrivateAddresses.anyPrivate(addresses)
        ? Future.failedFuture(new ApiErrorException(ApiError.validation(PrivateAddresses.REFUSED_MESSAGE)))
        : Future.succeededFuture());
  }
}
