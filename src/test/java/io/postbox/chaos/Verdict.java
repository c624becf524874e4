package io.postbox.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * What one scenario found: facts worth printing and the conditions it requires. Its line is
 * {@code ok   <name>: <facts>} when every condition held, else {@code FAIL <name>: <facts>; broken: <conditions>}.
 */
final class Verdict {
  private final String name;
  private final List<String> facts = new ArrayList<>();
  private final List<String> broken = new ArrayList<>();

  Verdict(String name) {
    this.name = name;
  }

  Verdict fact(String fact) {
    facts.add(fact);
    return this;
  }

  /** Notes {@code condition} as broken unless it holds; returns whether it held. */
  boolean require(boolean holds, String condition) {
    if (!holds) {
      broken.add(condition);
    }
    return holds;
  }

  boolean ok() {
    return broken.isEmpty();
  }

  String name() {
    return name;
  }

  String line() {
    String text = String.join("; ", facts);
    if (!broken.isEmpty()) {
      text = (text.isEmpty() ? "" : text + "; ") + "broken: " + String.join(", ", broken);
    }
    return (ok() ? "ok   " : "FAIL ") + name + ": " + text.replaceAll("[\\r\\n]+", " ");
  }
}
