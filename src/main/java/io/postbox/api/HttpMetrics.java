package io.postbox.api;

import io.postbox.bus.Meters;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/** {@code postbox_http_requests_total{route,status}}: the route's path template, so ids do not explode the labels. */
final class HttpMetrics {
  private HttpMetrics() {
  }

  static void countOnEnd(RoutingContext ctx) {
    ctx.addEndHandler(ended -> {
      Route route = ctx.currentRoute();
      String path = route == null || route.getPath() == null ? "unmatched" : route.getPath();
      Meters.count("postbox_http_requests_total", "route", path,
          "status", Integer.toString(ctx.response().getStatusCode()));
    });
    ctx.next();
  }
}
