package io.postbox.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;

/** Builds this node's Vert.x: with Prometheus metrics, and clustered over Hazelcast when {@code cluster.enabled}. */
public final class Node {
  private Node() {
  }

  public static Future<Vertx> vertx(JsonObject config) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    VertxOptions options = new VertxOptions().setMetricsOptions(metrics);
    Long blockedWarnMillis = Long.getLong("postbox.blockedThreadWarnMillis");
    if (blockedWarnMillis != null) {
      // the benchmarks tighten Vert.x's blocked-thread warnings to catch any blocking call on an event loop
      options.setMaxEventLoopExecuteTime(blockedWarnMillis).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
          .setBlockedThreadCheckInterval(Math.max(10, blockedWarnMillis / 2))
          .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS);
    }
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory());
    JsonObject cluster = config.getJsonObject("cluster");
    if (!cluster.getBoolean("enabled", false)) {
      return Future.succeededFuture(builder.build());
    }
    options.setEventBusOptions(ClusterSettings.eventBusOptions(config));
    return builder.with(options)
        .withClusterManager(new HazelcastClusterManager(ClusterSettings.hazelcastConfig(config)))
        .buildClustered();
  }

  /** Starts a whole node: its Vert.x and the verticles of its roles. */
  public static Future<Vertx> start(JsonObject config) {
    return vertx(config).compose(vertx -> Postbox.deploy(vertx, config)
        .map(vertx)
        .recover(failure -> vertx.close().transform(closed -> Future.failedFuture(failure))));
  }
}
