package io.postbox.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SNS signing certificates by URL, fetched over HTTPS and kept 24 h (SPEC §22). Concurrent requests for one URL
 * share one fetch; a failed fetch is forgotten so that the next message tries again.
 */
final class SnsCertificates {
  static final Duration KEPT_FOR = Duration.ofHours(24);

  private final WebClient client;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Future<X509Certificate> certificate, Instant fetchedAt) {
  }

  SnsCertificates(WebClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  Future<X509Certificate> get(String url) {
    Instant now = clock.instant();
    Promise<X509Certificate> fetched = Promise.promise();
    Cached fresh = new Cached(fetched.future(), now);
    Cached cached = cache.compute(url,
        (key, old) -> old != null && now.isBefore(old.fetchedAt().plus(KEPT_FOR)) ? old : fresh);
    if (cached == fresh) {
      fetched.future().onFailure(failure -> cache.remove(url, fresh));
      fetch(url).onComplete(fetched);
    }
    return cached.certificate();
  }

  private Future<X509Certificate> fetch(String url) {
    return client.getAbs(url).followRedirects(false).timeout(SnsWebClient.TIMEOUT_MS).send()
        .recover(e -> Future.failedFuture(new IllegalStateException("Cannot fetch SNS certificate " + url, e)))
        .compose(response -> parse(url, response));
  }

  private static Future<X509Certificate> parse(String url, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status >= 500) {
      return Future.failedFuture(new IllegalStateException("SNS certificate " + url + " answered " + status));
    }
    if (status != 200 || response.body() == null) {
      return Future.failedFuture(new SnsVerificationException("SigningCertURL answered " + status + ": " + url));
    }
    try {
      return Future.succeededFuture((X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(response.body().getBytes())));
    } catch (CertificateException | ClassCastException e) {
      return Future.failedFuture(new SnsVerificationException("SigningCertURL is not an X.509 certificate: " + url));
    }
  }
}
