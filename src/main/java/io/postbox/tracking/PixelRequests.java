package io.postbox.tracking;

import io.postbox.contract.EventText;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.OptionalLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers pixel requests (SPEC §14.2) and records the opens of genuine tokens, never delaying the answer. */
final class PixelRequests {
  private static final Logger LOG = LoggerFactory.getLogger(PixelRequests.class);
  private static final String PREFIX = "/t/";
  private static final String SUFFIX = ".gif";

  private final Function<String, OptionalLong> tokenReader;
  private final OpenEvents openEvents;
  private final OpenBatcher batcher;
  private final boolean trustForwardedFor;

  PixelRequests(Function<String, OptionalLong> tokenReader, OpenEvents openEvents, OpenBatcher batcher,
      boolean trustForwardedFor) {
    this.tokenReader = tokenReader;
    this.openEvents = openEvents;
    this.batcher = batcher;
    this.trustForwardedFor = trustForwardedFor;
  }

  void handle(HttpServerRequest request) {
    HttpMethod method = request.method();
    String token = tokenIn(request.path());
    if (token == null || (method != HttpMethod.GET && method != HttpMethod.HEAD)) {
      PixelResponses.notFound(request.response());
      return;
    }
    boolean head = method == HttpMethod.HEAD;
    try {
      OptionalLong emailId = tokenReader.apply(token);
      if (emailId.isPresent()) {
        String userAgent = request.getHeader("User-Agent");
        String ip = clientIp(request.remoteAddress(), request.getHeader("X-Forwarded-For"), trustForwardedFor);
        long now = System.currentTimeMillis();
        Future<Void> recorded = EventText.isClean(userAgent) && EventText.isClean(ip)
            ? batcher.add(openEvents.pixelOpen(emailId.getAsLong(), userAgent, ip, now))
            : batcher.reject(OpenEvents.rejectedHit(emailId.getAsLong(), userAgent, ip, now));
        recorded.onComplete(admitted -> PixelResponses.gif(request.response(), head));
        return;
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not record a pixel open", e);
    }
    PixelResponses.gif(request.response(), head);
  }

  /** The token of {@code /t/{token}.gif}, or null when the path is not a pixel path. */
  static String tokenIn(String path) {
    if (path == null || !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)
        || path.length() <= PREFIX.length() + SUFFIX.length()) {
      return null;
    }
    String token = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    return token.indexOf('/') >= 0 ? null : token;
  }

  /** The first {@code X-Forwarded-For} hop when trusted and present, else the peer's address. */
  static String clientIp(SocketAddress remote, String forwardedFor, boolean trustForwardedFor) {
    if (trustForwardedFor && forwardedFor != null) {
      int comma = forwardedFor.indexOf(',');
      String firstHop = (comma < 0 ? forwardedFor : forwardedFor.substring(0, comma)).trim();
      if (!firstHop.isEmpty()) {
        return firstHop;
      }
    }
    return remote == null ? null : remote.hostAddress();
  }
}
