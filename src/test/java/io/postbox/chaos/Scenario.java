package io.postbox.chaos;

/** One fault scenario of {@code scripts/chaos}: starts its own nodes, breaks something, says what it found. */
interface Scenario {
  String name();

  /** Runs the scenario; the nodes it started are stopped before it returns. */
  Verdict run(ChaosContext context) throws Exception;
}
