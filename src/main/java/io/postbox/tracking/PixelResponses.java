package io.postbox.tracking;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.Base64;

/** The two answers of the pixel server, built once (SPEC §14.2). */
final class PixelResponses {
  /** The classic 43-byte transparent 1×1 GIF89a. */
  static final Buffer GIF = Buffer.buffer(
      Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="));

  private static final CharSequence IMAGE_GIF = HttpHeaders.createOptimized("image/gif");
  private static final CharSequence GIF_LENGTH = HttpHeaders.createOptimized(String.valueOf(GIF.length()));
  private static final CharSequence NO_STORE =
      HttpHeaders.createOptimized("no-store, no-cache, must-revalidate, private, max-age=0");
  private static final CharSequence PRAGMA = HttpHeaders.createOptimized("Pragma");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final CharSequence EXPIRED = HttpHeaders.createOptimized("0");

  private PixelResponses() {
  }

  static void gif(HttpServerResponse response, boolean head) {
    response.putHeader(HttpHeaders.CONTENT_TYPE, IMAGE_GIF)
        .putHeader(HttpHeaders.CONTENT_LENGTH, GIF_LENGTH)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .putHeader(PRAGMA, NO_CACHE)
        .putHeader(HttpHeaders.EXPIRES, EXPIRED);
    if (head) {
      response.end();
    } else {
      response.end(GIF);
    }
  }

  static void notFound(HttpServerResponse response) {
    response.setStatusCode(404).end();
  }
}
