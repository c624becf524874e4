package io.postbox.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One POST to a webhook URL, connected to an address already checked by {@link TargetGuard} (Host header and TLS
 * name stay the URL's host). Redirects are not followed; the whole exchange must end within the timeout; the
 * first 2 KiB of the response body are kept. Never fails: every outcome is an {@link Result}.
 */
final class WebhookSender {
  static final int KEPT_BODY_BYTES = 2048;

  /** {@code status} is null when no response arrived; {@code error} is null on a 2xx. */
  record Result(Integer status, String error, String body) {
    boolean succeeded() {
      return status != null && status >= 200 && status < 300;
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final long timeoutMs;

  WebhookSender(Vertx vertx, HttpClient client, long timeoutMs) {
    this.vertx = vertx;
    this.client = client;
    this.timeoutMs = timeoutMs;
  }

  /** {@code address} is the IP literal the guard answered for the URL's host. */
  Future<Result> post(String url, String address, Map<String, String> headers, String body) {
    URI uri = URI.create(url);
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(url)
        .setServer(SocketAddress.inetSocketAddress(port, address))
        .setFollowRedirects(false)
        .setConnectTimeout(timeoutMs);
    headers.forEach(options::putHeader);
    Promise<Result> result = Promise.promise();
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    long timer = vertx.setTimer(timeoutMs, fired -> {
      if (result.tryComplete(new Result(null, "timeout after " + timeoutMs + " ms", null)) && sent.get() != null) {
        sent.get().reset();
      }
    });
    client.request(options)
        .compose(request -> {
          sent.set(request);
          return request.send(Buffer.buffer(body, "UTF-8"));
        })
        .onSuccess(response -> {
          Buffer kept = Buffer.buffer();
          response.handler(chunk -> {
            int room = KEPT_BODY_BYTES - kept.length();
            if (room > 0) {
              kept.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
            }
          });
          response.exceptionHandler(failure -> result.tryComplete(
              new Result(response.statusCode(), "response interrupted", kept.toString(StandardCharsets.UTF_8))));
          response.endHandler(end -> {
            int status = response.statusCode();
            boolean ok = status >= 200 && status < 300;
            result.tryComplete(new Result(status, ok ? null : "response status " + status,
                kept.toString(StandardCharsets.UTF_8)));
          });
        })
        .onFailure(failure -> result.tryComplete(new Result(null, "request failed: " + describe(failure), null)));
    return result.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null ? failure.getClass().getSimpleName() : message;
  }
}
