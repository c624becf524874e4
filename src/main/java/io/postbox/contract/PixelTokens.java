package io.postbox.contract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pixel token of SPEC §14.2: base64url without padding of the 8-byte big-endian email id followed by the
 * first 16 bytes of HMAC-SHA256({@code tracking.secret}, those 8 bytes). Safe to share between threads.
 */
public final class PixelTokens {
  public static final int TOKEN_LENGTH = 32;
  public static final int MIN_SECRET_BYTES = 32;

  private static final int ID_BYTES = Long.BYTES;
  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final ThreadLocal<Mac> macs;

  public PixelTokens(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("tracking.secret must not be empty");
    }
    SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(() -> newMac(key));
    macs.get();
  }

  public String tokenFor(long emailId) {
    if (emailId <= 0) {
      throw new IllegalArgumentException("email id must be positive: " + emailId);
    }
    byte[] token = new byte[ID_BYTES + MAC_BYTES];
    ByteBuffer.wrap(token).putLong(emailId);
    System.arraycopy(macOf(token), 0, token, ID_BYTES, MAC_BYTES);
    return ENCODER.encodeToString(token);
  }

  /** The email id a genuine token names; empty for anything malformed or forged. */
  public OptionalLong emailIdOf(String token) {
    if (token == null || token.length() != TOKEN_LENGTH) {
      return OptionalLong.empty();
    }
    byte[] decoded;
    try {
      decoded = DECODER.decode(token);
    } catch (IllegalArgumentException notBase64Url) {
      return OptionalLong.empty();
    }
    if (decoded.length != ID_BYTES + MAC_BYTES) {
      return OptionalLong.empty();
    }
    byte[] expected = Arrays.copyOf(macOf(decoded), MAC_BYTES);
    byte[] presented = Arrays.copyOfRange(decoded, ID_BYTES, ID_BYTES + MAC_BYTES);
    long emailId = ByteBuffer.wrap(decoded).getLong();
    if (!MessageDigest.isEqual(expected, presented) || emailId <= 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(emailId);
  }

  /** HMAC of the first 8 bytes of {@code idFirst}. */
  private byte[] macOf(byte[] idFirst) {
    Mac mac = macs.get();
    mac.update(idFirst, 0, ID_BYTES);
    return mac.doFinal();
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
