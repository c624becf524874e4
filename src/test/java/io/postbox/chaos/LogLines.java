package io.postbox.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a node's log without holding it in memory. */
final class LogLines {
  private LogLines() {
  }

  /** Lines of {@code log} that contain {@code text}; 0 when there is no log. */
  static long count(Path log, String text) {
    if (!Files.exists(log)) {
      return 0;
    }
    try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
      return reader.lines().filter(line -> line.contains(text)).count();
    } catch (IOException e) {
      return 0;
    }
  }
}
