package io.postbox.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The host rule of SPEC §11.6 for {@code SigningCertURL} and {@code SubscribeURL}: https on an SNS host. */
final class SnsUrls {
  private final Pattern allowedHost;

  SnsUrls(Pattern allowedHost) {
    this.allowedHost = allowedHost;
  }

  URI certificateUrl(Object value) {
    URI url = httpsOnAllowedHost("SigningCertURL", value);
    if (url.getPath() == null || !url.getPath().endsWith(".pem")) {
      throw new SnsVerificationException("SigningCertURL path does not end with .pem: " + value);
    }
    return url;
  }

  URI subscribeUrl(Object value) {
    return httpsOnAllowedHost("SubscribeURL", value);
  }

  private URI httpsOnAllowedHost(String name, Object value) {
    if (!(value instanceof String text)) {
      throw new SnsVerificationException(name + " is missing");
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new SnsVerificationException(name + " is not a URL: " + text);
    }
    if (!"https".equalsIgnoreCase(url.getScheme())) {
      throw new SnsVerificationException(name + " is not https: " + text);
    }
    String host = url.getHost();
    if (url.getRawUserInfo() != null || host == null || !allowedHost.matcher(host.toLowerCase(Locale.ROOT)).matches()) {
      throw new SnsVerificationException(name + " host is not an SNS host: " + text);
    }
    return url;
  }
}
