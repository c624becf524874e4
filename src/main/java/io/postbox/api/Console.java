package io.postbox.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console (issue 16): static files from the classpath folder {@code console/}, served without an API key.
 * The page calls only the public {@code /v1} API with the key the user types, so it needs nothing else from here
 * but strict security headers: scripts, styles and requests from this origin only, never framed.
 */
final class Console {
  static final String PATH = "/console";

  private Console() {
  }

  static void mount(Router router) {
    CSPHandler contentSecurityPolicy = CSPHandler.create()
        .setDirective("default-src", "'self'")
        .setDirective("img-src", "'self' data:")
        .setDirective("object-src", "'none'")
        .setDirective("base-uri", "'none'")
        .setDirective("form-action", "'self'")
        .setDirective("frame-ancestors", "'none'");
    // the router lets "/console" match "/console/" too: only the bare path is sent to the folder
    router.route(PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
      if (PATH.equals(ctx.request().path())) {
        ctx.redirect(PATH + "/");
      } else {
        ctx.next();
      }
    });
    router.route(PATH + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(contentSecurityPolicy)
        .handler(Console::strictHeaders)
        .handler(StaticHandler.create("console").setIndexPage("index.html").setCachingEnabled(false)
            .setDirectoryListing(false).setIncludeHidden(false));
  }

  private static void strictHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin")
        .putHeader("Cross-Origin-Resource-Policy", "same-origin")
        .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    ctx.next();
  }
}
