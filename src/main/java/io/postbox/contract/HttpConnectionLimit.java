package io.postbox.contract;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node-wide cap on open HTTP connections of SPEC §24 ({@code http.maxConnections}), shared by every API and
 * pixel server instance of this JVM: a connection past the cap is closed as soon as it is accepted.
 */
public final class HttpConnectionLimit implements Shareable {
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;

  private final AtomicInteger open = new AtomicInteger();
  private final int max;

  private HttpConnectionLimit(int max) {
    this.max = max;
  }

  /** This node's limit; the first caller's configuration decides it. */
  public static HttpConnectionLimit of(Vertx vertx, JsonObject config) {
    int max = http(config).getInteger("maxConnections", DEFAULT_MAX_CONNECTIONS);
    return (HttpConnectionLimit) vertx.sharedData().getLocalMap("postbox.http")
        .computeIfAbsent("connectionLimit", name -> new HttpConnectionLimit(max));
  }

  /** Seconds without traffic after which a connection is closed ({@code http.idleTimeoutSeconds}). */
  public static int idleTimeoutSeconds(JsonObject config) {
    return http(config).getInteger("idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS);
  }

  private static JsonObject http(JsonObject config) {
    return config.getJsonObject("http", new JsonObject());
  }

  /** For {@code HttpServer.connectionHandler}: counts the connection until it closes, or closes it past the cap. */
  public void admit(HttpConnection connection) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      connection.close();
      return;
    }
    connection.closeHandler(closed -> open.decrementAndGet());
  }

  public int open() {
    return open.get();
  }

  @Override
  public Shareable copy() {
    return this;
  }
}
