package io.postbox.app;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * The container health check, {@code java -cp postbox.jar io.postbox.app.HealthProbe [url]}: exits 0 when the
 * URL (by default {@code /health/live} on {@code POSTBOX_HTTP_PORT}, 8080) answers 200 within 3 s, else 1.
 * It needs nothing but the JRE, so no image has to carry curl or wget for it.
 */
public final class HealthProbe {
  private static final int TIMEOUT_MS = 3_000;

  private HealthProbe() {
  }

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : defaultUrl(System.getenv());
    boolean up = isUp(url);
    System.out.println(url + (up ? " is up" : " is not up"));
    System.exit(up ? 0 : 1);
  }

  static String defaultUrl(Map<String, String> env) {
    return "http://127.0.0.1:" + env.getOrDefault("POSTBOX_HTTP_PORT", "8080") + "/health/live";
  }

  static boolean isUp(String url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MS);
      connection.setReadTimeout(TIMEOUT_MS);
      try {
        return connection.getResponseCode() == 200;
      } finally {
        connection.disconnect();
      }
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }
}
