package io.postbox.chaos;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Counts the answers a scenario got, by HTTP status and error code ({@code 503 service_unavailable}), plus
 * requests that got no answer at all and 503s without {@code Retry-After}. Safe to share between threads.
 */
final class Answers {
  static final String NO_ANSWER = "no-answer";
  static final String MISSING_RETRY_AFTER = "503-without-Retry-After";

  private final Map<String, LongAdder> counts = new ConcurrentSkipListMap<>();

  /** {@code errorCode} is the envelope's {@code code}, or null; {@code retryAfter} the header, or null. */
  void answered(int status, String errorCode, String retryAfter) {
    add(errorCode == null || errorCode.isEmpty() ? Integer.toString(status) : status + " " + errorCode);
    if (status == 503 && (retryAfter == null || retryAfter.isBlank())) {
      add(MISSING_RETRY_AFTER);
    }
  }

  void unanswered() {
    add(NO_ANSWER);
  }

  private void add(String key) {
    counts.computeIfAbsent(key, ignored -> new LongAdder()).increment();
  }

  /** How many answers had this status, whatever their error code. */
  long withStatus(int status) {
    String prefix = Integer.toString(status);
    return counts.entrySet().stream()
        .filter(entry -> entry.getKey().equals(prefix) || entry.getKey().startsWith(prefix + " "))
        .mapToLong(entry -> entry.getValue().sum()).sum();
  }

  long count(String key) {
    LongAdder adder = counts.get(key);
    return adder == null ? 0 : adder.sum();
  }

  long total() {
    return counts.entrySet().stream().filter(entry -> !entry.getKey().equals(MISSING_RETRY_AFTER))
        .mapToLong(entry -> entry.getValue().sum()).sum();
  }

  /** {@code 201=1520 503 service_unavailable=780}, keys in order; {@code none} when nothing was counted. */
  String summary() {
    if (counts.isEmpty()) {
      return "none";
    }
    return counts.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue().sum())
        .collect(Collectors.joining(" "));
  }
}
