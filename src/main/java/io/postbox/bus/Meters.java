package io.postbox.bus;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * The meters of SPEC §21.3. They live in the node's Vert.x Prometheus registry when the node runs with metrics
 * (see {@code app.Node}); in embedded uses without it they go to Micrometer's global registry.
 */
public final class Meters {
  private Meters() {
  }

  public static MeterRegistry registry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return registry != null ? registry : Metrics.globalRegistry;
  }

  public static void count(String name, String... tags) {
    registry().counter(name, tags).increment();
  }

  public static void count(String name, double amount, String... tags) {
    registry().counter(name, tags).increment(amount);
  }
}
