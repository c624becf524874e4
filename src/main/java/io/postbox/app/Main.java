package io.postbox.app;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar postbox.jar} starts the server; {@code java -jar postbox.jar admin …} runs the admin CLI. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("admin")) {
      System.exit(AdminCli.run(Arrays.copyOfRange(args, 1, args.length), System.getenv()));
    }
    JsonObject config;
    try {
      config = Settings.load(System.getenv());
    } catch (Settings.InvalidSettingException e) {
      System.err.println("postbox cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    long started = System.nanoTime();
    Node.start(config)
        .onSuccess(vertx -> Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await())))
        .onSuccess(vertx -> LOG.info("postbox is ready in {} ms on http://localhost:{} ({} mode, roles {})",
            (System.nanoTime() - started) / 1_000_000,
            config.getJsonObject("http").getInteger("port"),
            config.getJsonObject("sandbox").getBoolean("enabled") ? "sandbox" : "AWS",
            config.getJsonArray("roles").encode()
                + (vertx.isClustered() ? ", clustered as " + config.getJsonObject("cluster").getString("name") : "")))
        .onFailure(failure -> {
          LOG.error("postbox failed to start", failure);
          System.exit(1);
        });
  }
}
