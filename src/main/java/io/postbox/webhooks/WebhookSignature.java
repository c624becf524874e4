package io.postbox.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Standard Webhooks signing: {@code v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>}, key after {@code whsec_}. */
final class WebhookSignature {
  static final String SECRET_PREFIX = "whsec_";

  private WebhookSignature() {
  }

  static String sign(String secret, String messageId, long timestampSeconds, String body) {
    String encodedKey = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    byte[] key = Base64.getDecoder().decode(encodedKey);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
