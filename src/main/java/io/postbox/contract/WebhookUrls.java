package io.postbox.contract;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Webhook target URLs (SPEC §16): checked when a webhook is saved (api) and on every attempt (webhooks). */
public final class WebhookUrls {
  private WebhookUrls() {
  }

  /** The host of an absolute http(s) URL, IPv6 literals without brackets; null when the URL is not one. */
  public static String host(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || host == null || host.isEmpty()) {
      return null;
    }
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
