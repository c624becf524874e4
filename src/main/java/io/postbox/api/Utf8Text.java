package io.postbox.api;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict UTF-8 decoding of request bodies (SPEC §24): malformed sequences, overlong forms and encoded surrogates are
 * refused instead of being replaced by U+FFFD.
 */
final class Utf8Text {
  private Utf8Text() {
  }

  static Optional<String> decode(byte[] bytes) {
    return decode(ByteBuffer.wrap(bytes));
  }

  static Optional<String> decode(Buffer buffer) {
    return decode(buffer.getBytes());
  }

  /** Whether {@code buffer} is well-formed UTF-8 (RFC 3629 table 3-7), checked in place without decoding it. */
  static boolean isValid(Buffer buffer) {
    int length = buffer.length();
    int i = 0;
    while (i < length) {
      int lead = buffer.getUnsignedByte(i);
      if (lead < 0x80) {
        i++;
        continue;
      }
      int continuations;
      int secondLow = 0x80;
      int secondHigh = 0xBF;
      if (lead >= 0xC2 && lead <= 0xDF) {
        continuations = 1;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        continuations = 2;
        secondLow = lead == 0xE0 ? 0xA0 : 0x80;
        secondHigh = lead == 0xED ? 0x9F : 0xBF;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        continuations = 3;
        secondLow = lead == 0xF0 ? 0x90 : 0x80;
        secondHigh = lead == 0xF4 ? 0x8F : 0xBF;
      } else {
        return false;
      }
      if (i + continuations >= length) {
        return false;
      }
      int second = buffer.getUnsignedByte(i + 1);
      if (second < secondLow || second > secondHigh) {
        return false;
      }
      for (int k = 2; k <= continuations; k++) {
        int next = buffer.getUnsignedByte(i + k);
        if (next < 0x80 || next > 0xBF) {
          return false;
        }
      }
      i += continuations + 1;
    }
    return true;
  }

  private static Optional<String> decode(ByteBuffer bytes) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes).toString());
    } catch (CharacterCodingException invalid) {
      return Optional.empty();
    }
  }
}
