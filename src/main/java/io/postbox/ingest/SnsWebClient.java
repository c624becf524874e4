package io.postbox.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** The HTTPS client for signing certificates and subscription confirmations: no redirects, bounded waits. */
final class SnsWebClient {
  static final long TIMEOUT_MS = 10_000;

  private SnsWebClient() {
  }

  static Future<WebClient> create(Vertx vertx, SnsSettings settings) {
    WebClientOptions options = new WebClientOptions()
        .setFollowRedirects(false)
        .setConnectTimeout((int) TIMEOUT_MS)
        .setUserAgent("postbox");
    String trusted = settings.trustedCertificatesPem();
    if (trusted == null || trusted.isBlank()) {
      return Future.succeededFuture(WebClient.create(vertx, options));
    }
    return vertx.fileSystem().readFile(trusted)
        .recover(e -> Future.failedFuture(new IllegalArgumentException(
            "sns.trustedCertificatesPem (POSTBOX_SNS_TRUSTED_CERTIFICATES_PEM) cannot be read: " + trusted, e)))
        .map(pem -> WebClient.create(vertx, options.setTrustOptions(new PemTrustOptions().addCertValue(pem))));
  }
}
