package io.postbox.api;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A push parser for {@code multipart/form-data} (RFC 7578): fed the body chunk by chunk as it arrives, it hands each
 * part's name, file name and content to a {@link Listener} without holding more than one part header block and a
 * delimiter's length of data. Anything it cannot read unambiguously (no or bad boundary, folded or oversized part
 * headers, a part without a name, a body that ends before the closing delimiter) is a {@link MalformedException}.
 * Several files under one name sent the RFC 2388 way, as one {@code multipart/mixed} part, are reported as parts of
 * that name one by one (web clients built on Netty's encoder send them so).
 */
final class MultipartParser {
  static final int MAX_HEADER_BLOCK = 16 * 1024;
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

  /** Receives the parts in order; a listener may throw to stop parsing. */
  interface Listener {
    /** {@code fileName} is null for a text part (no {@code filename} parameter). */
    void partBegin(String name, String fileName);

    void partData(Buffer data);

    void partEnd();
  }

  /** The body is not a readable multipart body. */
  static final class MalformedException extends RuntimeException {
    MalformedException(String reason) {
      super(reason, null, false, false);
    }
  }

  private enum State { PREAMBLE, AFTER_DELIMITER, HEADERS, BODY, EPILOGUE }

  private final byte[] delimiter;
  private final Listener listener;
  /** For the parts inside a {@code multipart/mixed} part: the name of that part; null at the top level. */
  private final String mixedName;
  private MultipartParser mixed;
  private byte[] pending = new byte[8192];
  private int pendingLength;
  private State state = State.PREAMBLE;

  private MultipartParser(String boundary, Listener listener, String mixedName) {
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    this.listener = listener;
    this.mixedName = mixedName;
    // the first delimiter may start the body without a preceding line break
    append(CRLF, 0, CRLF.length);
  }

  /** A parser for the boundary of a {@code Content-Type} header value; malformed when it has no usable boundary. */
  static MultipartParser forContentType(String contentType, Listener listener) {
    return new MultipartParser(boundaryOf(contentType), listener, null);
  }

  static String boundaryOf(String contentType) {
    String boundary = null;
    var parts = HeaderParameters.split(contentType == null ? "" : contentType);
    for (String parameter : parts.subList(1, parts.size())) {
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("boundary")) {
        boundary = HeaderParameters.unquote(parameter.substring(equals + 1).trim());
      }
    }
    // RFC 2046 §5.1.1: 1 to 70 characters, not ending in a space
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")
        || !boundary.chars().allMatch(MultipartParser::isBoundaryCharacter)) {
      throw new MalformedException("no usable boundary");
    }
    return boundary;
  }

  private static boolean isBoundaryCharacter(int c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "'()+_,-./:=? ".indexOf(c) >= 0;
  }

  void feed(Buffer chunk) {
    if (state == State.EPILOGUE) {
      return;
    }
    byte[] bytes = chunk.getBytes();
    append(bytes, 0, bytes.length);
    process();
  }

  /** The body has ended: it must have ended with the closing delimiter. */
  void end() {
    if (state != State.EPILOGUE) {
      throw new MalformedException("body ended before the closing delimiter");
    }
  }

  private void process() {
    boolean progress = true;
    while (progress && state != State.EPILOGUE) {
      progress = switch (state) {
        case PREAMBLE -> skipPreamble();
        case AFTER_DELIMITER -> readDelimiterEnd();
        case HEADERS -> readHeaders();
        case BODY -> readBody();
        case EPILOGUE -> false;
      };
    }
  }

  private boolean skipPreamble() {
    int at = indexOf(delimiter, 0);
    if (at < 0) {
      consume(Math.max(0, pendingLength - (delimiter.length - 1)));
      return false;
    }
    consume(at + delimiter.length);
    state = State.AFTER_DELIMITER;
    return true;
  }

  /** After a delimiter: {@code --} closes the body, else optional blanks and a line break open a part. */
  private boolean readDelimiterEnd() {
    int at = 0;
    while (at < pendingLength && (pending[at] == ' ' || pending[at] == '\t')) {
      at++;
    }
    if (at > 256) {
      throw new MalformedException("padding after a delimiter");
    }
    if (pendingLength - at < 2) {
      return false;
    }
    if (at == 0 && pending[0] == '-' && pending[1] == '-') {
      state = State.EPILOGUE;
      pendingLength = 0;
      return false;
    }
    if (pending[at] != '\r' || pending[at + 1] != '\n') {
      throw new MalformedException("delimiter not followed by a line break");
    }
    consume(at + 2);
    state = State.HEADERS;
    return true;
  }

  private boolean readHeaders() {
    int end;
    int skip;
    if (pendingLength >= 2 && pending[0] == '\r' && pending[1] == '\n') {
      end = 0;
      skip = 2;
    } else {
      end = indexOf(HEADER_END, 0);
      skip = end + HEADER_END.length;
    }
    if (end < 0) {
      if (pendingLength > MAX_HEADER_BLOCK) {
        throw new MalformedException("part headers too long");
      }
      return false;
    }
    if (end > MAX_HEADER_BLOCK) {
      throw new MalformedException("part headers too long");
    }
    PartHeaders headers = PartHeaders.parse(Arrays.copyOfRange(pending, 0, end), mixedName);
    consume(skip);
    state = State.BODY;
    if (mixedName == null && headers.fileName() == null && headers.contentType() != null
        && headers.contentType().trim().toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
      mixed = new MultipartParser(boundaryOf(headers.contentType()), listener, headers.name());
    } else {
      listener.partBegin(headers.name(), headers.fileName());
    }
    return true;
  }

  private boolean readBody() {
    int at = indexOf(delimiter, 0);
    if (at < 0) {
      int safe = pendingLength - (delimiter.length - 1);
      if (safe > 0) {
        partData(Buffer.buffer(Arrays.copyOfRange(pending, 0, safe)));
        consume(safe);
      }
      return false;
    }
    if (at > 0) {
      partData(Buffer.buffer(Arrays.copyOfRange(pending, 0, at)));
    }
    consume(at + delimiter.length);
    state = State.AFTER_DELIMITER;
    if (mixed != null) {
      mixed.end();
      mixed = null;
    } else {
      listener.partEnd();
    }
    return true;
  }

  private void partData(Buffer data) {
    if (mixed != null) {
      mixed.feed(data);
    } else {
      listener.partData(data);
    }
  }

  private void append(byte[] bytes, int from, int length) {
    if (pendingLength + length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
    }
    System.arraycopy(bytes, from, pending, pendingLength, length);
    pendingLength += length;
  }

  private void consume(int count) {
    System.arraycopy(pending, count, pending, 0, pendingLength - count);
    pendingLength -= count;
    if (pending.length > 65536 && pendingLength < pending.length / 4) {
      pending = Arrays.copyOf(pending, Math.max(8192, pendingLength));
    }
  }

  private int indexOf(byte[] needle, int from) {
    int last = pendingLength - needle.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (pending[i] != needle[0]) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (pending[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The {@code Content-Disposition} and {@code Content-Type} of one part; other part headers are ignored. */
  record PartHeaders(String name, String fileName, String contentType) {
    /** {@code mixedName}: inside a {@code multipart/mixed} part, the files are {@code attachment}s of that name. */
    static PartHeaders parse(byte[] block, String mixedName) {
      String text = Utf8Text.decode(block).orElseThrow(() -> new MalformedException("part headers not UTF-8"));
      String name = mixedName;
      String fileName = null;
      String contentType = null;
      boolean sawDisposition = false;
      for (String line : text.split("\r\n", -1)) {
        if (line.isEmpty()) {
          throw new MalformedException("empty part header line");
        }
        if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
          throw new MalformedException("folded part header");
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new MalformedException("part header without a colon");
        }
        String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        if (header.equals("content-type")) {
          contentType = line.substring(colon + 1);
        }
        if (!header.equals("content-disposition")) {
          continue;
        }
        if (sawDisposition) {
          throw new MalformedException("repeated Content-Disposition");
        }
        sawDisposition = true;
        var parts = HeaderParameters.split(line.substring(colon + 1));
        String disposition = parts.get(0).trim().toLowerCase(Locale.ROOT);
        boolean mixedFile = mixedName != null && Set.of("attachment", "file").contains(disposition);
        if (!disposition.equals("form-data") && !mixedFile) {
          throw new MalformedException("part is not form-data");
        }
        for (String parameter : parts.subList(1, parts.size())) {
          int equals = parameter.indexOf('=');
          if (equals <= 0) {
            continue;
          }
          String key = parameter.substring(0, equals).trim().toLowerCase(Locale.ROOT);
          String value = HeaderParameters.unquote(parameter.substring(equals + 1).trim());
          if (key.equals("name") && mixedName == null) {
            name = value;
          } else if (key.equals("filename")) {
            fileName = value;
          }
        }
      }
      if (name == null || mixedName != null && fileName == null) {
        throw new MalformedException("part without a name");
      }
      return new PartHeaders(name, fileName, contentType);
    }
  }
}
