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
