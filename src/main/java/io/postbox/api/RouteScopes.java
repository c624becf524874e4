package io.postbox.api;

import io.postbox.contract.KeyScope;
import io.vertx.core.http.HttpMethod;

/** SPEC §28: which requests a key's scope allows: a send key only sends, a read key only GETs. */
final class RouteScopes {
  private static final String SEND = "/v1/transactional/email/send";
  private static final String BATCH = "/v1/transactional/email/batch";

  private RouteScopes() {
  }

  static boolean allows(KeyScope scope, HttpMethod method, String path) {
    String route = path != null && path.length() > 1 && path.endsWith("/")
        ? path.substring(0, path.length() - 1) : path;
    boolean sends = HttpMethod.POST.equals(method) && (SEND.equals(route) || BATCH.equals(route));
    return scope.allows(sends, HttpMethod.GET.equals(method));
  }
}
