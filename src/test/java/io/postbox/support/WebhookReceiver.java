package io.postbox.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback for tests: records every request; answers 200, or the status set for its path
 * ({@link #respond}); a path answered with status 0 never answers. {@link #verify} checks a Standard Webhooks
 * signature independently of the production code.
 */
public final class WebhookReceiver implements AutoCloseable {
  public record Received(String path, Map<String, String> headers, String body, long receivedAtMillis) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

  public WebhookReceiver(Vertx vertx) {
    server = TestPostbox.await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      Map<String, String> headers = new ConcurrentHashMap<>();
      request.headers().forEach(entry -> headers.put(entry.getKey().toLowerCase(), entry.getValue()));
      received.add(new Received(request.path(), headers, body.toString(StandardCharsets.UTF_8),
          System.currentTimeMillis()));
      int status = statuses.getOrDefault(request.path(), 200);
      if (status != 0) {
        request.response().setStatusCode(status).end("answer for " + request.path());
      }
    })).listen(0, "127.0.0.1"));
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public void respond(String path, int status) {
    statuses.put(path, status);
  }

  public List<Received> received(String path) {
    return received.stream().filter(request -> request.path().equals(path)).toList();
  }

  /** Waits until {@code path} got at least {@code count} requests, or the timeout; returns what arrived. */
  public List<Received> await(String path, int count, long timeoutMillis) {
    return awaitMatching(path, request -> true, count, timeoutMillis);
  }

  public List<Received> awaitMatching(String path, Predicate<Received> filter, int count, long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    List<Received> matching;
    do {
      matching = received(path).stream().filter(filter).toList();
      if (matching.size() >= count) {
        return matching;
      }
      sleep(20);
    } while (System.currentTimeMillis() < deadline);
    return matching;
  }

  /** Standard Webhooks: v1,base64(HMAC-SHA256(base64decode(secret after whsec_), id.timestamp.body)). */
  public static boolean verify(String secret, Received request) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
      String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
      for (String signature : request.header("webhook-signature").split(" ")) {
        if (java.security.MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
            expected.getBytes(StandardCharsets.UTF_8))) {
          return true;
        }
      }
      return false;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    TestPostbox.await(server.close());
  }
}
