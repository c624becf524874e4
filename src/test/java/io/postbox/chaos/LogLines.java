package io.postbox.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Reads a node's log without holding it in memory. */
final class LogLines {
  private static final Pattern PROBLEM = Pattern.compile("^[\\w.$]+(Exception|Error)\\b|Exception:|Error:");

  private LogLines() {
  }

  /** The last line of {@code log} that names an exception or error, or null when there is none. */
  static String lastProblem(Path log) {
    if (!Files.exists(log)) {
      return null;
    }
    try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
      return reader.lines().filter(line -> !line.startsWith("\t") && PROBLEM.matcher(line).find())
          .reduce((first, second) -> second).map(String::strip).orElse(null);
    } catch (IOException e) {
      return null;
    }
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
