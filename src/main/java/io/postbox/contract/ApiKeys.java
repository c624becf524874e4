package io.postbox.contract;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** API key format and hashing of SPEC §2. */
public final class ApiKeys {
  private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9]+_v1_[A-Za-z0-9+/]{44}$");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One initialised Mac per thread: every authenticated request hashes its key, so the provider lookup is kept. */
  private final ThreadLocal<Mac> macs;

  public ApiKeys(String apiKeySecret) {
    SecretKeySpec secret = new SecretKeySpec(apiKeySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(secret);
        return mac;
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException("HmacSHA256 unavailable", e);
      }
    });
  }

  public static boolean isWellFormed(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  /** A fresh plaintext key for the user with this login email: {@code <name>_v1_<secret>}. */
  public static String generate(String userEmail) {
    String localPart = userEmail.substring(0, Math.max(0, userEmail.indexOf('@')));
    String name = localPart.replaceAll("[^A-Za-z0-9]", "");
    if (name.isEmpty()) {
      name = "user";
    }
    // 33 bytes encode to 44 base64 characters without padding; '+' and '/' are part of the format
    byte[] bytes = new byte[33];
    RANDOM.nextBytes(bytes);
    return name + "_v1_" + Base64.getEncoder().encodeToString(bytes);
  }

  /** Lowercase hex HMAC-SHA256 of the whole key under {@code auth.apiKeySecret}. */
  public String hash(String key) {
    return HexFormat.of().formatHex(macs.get().doFinal(key.getBytes(StandardCharsets.UTF_8))).toLowerCase(Locale.ROOT);
  }
}
