package io.postbox.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reading an HTTP/1.1 answer's head from a raw socket. */
final class HttpLines {
  private HttpLines() {
  }

  /** One CRLF-terminated line without its ending, or null at the end of the stream. */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int read;
    while ((read = in.read()) >= 0) {
      if (read == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(read);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  /** The status code of an HTTP status line ({@code HTTP/1.1 413 Payload Too Large}), or -1. */
  static int statusOf(String statusLine) {
    if (statusLine == null || !statusLine.startsWith("HTTP/")) {
      return -1;
    }
    String[] parts = statusLine.split(" ", 3);
    try {
      return parts.length < 2 ? -1 : Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
