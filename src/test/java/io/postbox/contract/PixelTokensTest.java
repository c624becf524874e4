package io.postbox.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §14.2: the pixel token. */
class PixelTokensTest {
  private static final String SECRET = "pixel-secret-pixel-secret-0123456789";
  private final PixelTokens tokens = new PixelTokens(SECRET);

  @ParameterizedTest
  @ValueSource(longs = {1, 42, 1_000_000_007L, Long.MAX_VALUE})
  void roundTrips(long emailId) {
    String token = tokens.tokenFor(emailId);
    assertThat(token).hasSize(32).matches("[A-Za-z0-9_-]{32}");
    assertThat(tokens.emailIdOf(token)).hasValue(emailId);
  }

  @Test
  void isTheIdFollowedByTheTruncatedHmac() throws Exception {
    byte[] id = ByteBuffer.allocate(8).putLong(42).array();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = new byte[24];
    System.arraycopy(id, 0, expected, 0, 8);
    System.arraycopy(mac.doFinal(id), 0, expected, 8, 16);
    assertThat(tokens.tokenFor(42)).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(expected));
  }

  @Test
  void tokensOfAnotherSecretAreForgeries() {
    PixelTokens other = new PixelTokens("another-secret-another-secret-0123456789");
    assertThat(other.tokenFor(42)).isNotEqualTo(tokens.tokenFor(42));
    assertThat(tokens.emailIdOf(other.tokenFor(42))).isEmpty();
  }

  @Test
  void everySingleCharacterChangeIsRejected() {
    String token = tokens.tokenFor(123_456);
    for (int i = 0; i < token.length(); i++) {
      char replacement = token.charAt(i) == 'A' ? 'B' : 'A';
      String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
      assertThat(tokens.emailIdOf(tampered)).as("position %d", i).isEmpty();
    }
  }

  @Test
  void anotherIdWithTheOriginalMacIsRejected() {
    byte[] genuine = Base64.getUrlDecoder().decode(tokens.tokenFor(42));
    ByteBuffer.wrap(genuine).putLong(43);
    assertThat(tokens.emailIdOf(Base64.getUrlEncoder().withoutPadding().encodeToString(genuine))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", "++++////++++////++++////++++////", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==",
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAA AAAAAAAAAAAAAAA"})
  void malformedTokensAreRejected(String token) {
    assertThat(tokens.emailIdOf(token)).isEmpty();
  }

  @Test
  void nullAndTruncatedTokensAreRejected() {
    String token = tokens.tokenFor(42);
    assertThat(tokens.emailIdOf(null)).isEmpty();
    assertThat(tokens.emailIdOf(token.substring(0, 31))).isEmpty();
    assertThat(tokens.emailIdOf(token + "A")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void genuinelySignedNonPositiveIdsAreRejected(long emailId) throws Exception {
    byte[] id = ByteBuffer.allocate(8).putLong(emailId).array();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] token = Arrays.copyOf(id, 24);
    System.arraycopy(mac.doFinal(id), 0, token, 8, 16);
    assertThat(tokens.emailIdOf(Base64.getUrlEncoder().withoutPadding().encodeToString(token))).isEmpty();
    assertThatThrownBy(() -> tokens.tokenFor(emailId)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptySecretIsRefused() {
    assertThatThrownBy(() -> new PixelTokens("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PixelTokens(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void comparesMacsInConstantTime() throws Exception {
    String source = Files.readString(Path.of("src/main/java/io/postbox/contract/PixelTokens.java"));
    assertThat(source).contains("MessageDigest.isEqual(").doesNotContain("Arrays.equals(");
  }
}
