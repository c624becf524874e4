package io.postbox.chaos;

import io.postbox.chaos.ChaosContext.ChaosUser;
import io.postbox.chaos.SendLoad.Sent;
import io.postbox.support.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * SPEC §24, PostgreSQL unreachable: 80 sends a second for 30 s while the proxy between the node and PostgreSQL is
 * cut from second 8 to second 18. Requires no 500, no unanswered request, Retry-After on every 503, only 201s
 * from 5 s after the restore on, and every accepted email SENT and DELIVERED within a minute.
 */
final class DbOutage implements Scenario {
  private static final int SENDS_PER_SECOND = 80;
  private static final long CUT_AT_MILLIS = 8_000;
  private static final long OUTAGE_MILLIS = 10_000;
  private static final long LOAD_MILLIS = 30_000;
  private static final long SETTLE_AFTER_RESTORE_MILLIS = 5_000;

  @Override
  public String name() {
    return "db-outage";
  }

  @Override
  public Verdict run(ChaosContext context) throws Exception {
    Verdict verdict = new Verdict(name());
    try (TcpProxy proxy = TcpProxy.start(context.databaseHost(), context.databasePort());
        ChaosNode node = new ChaosNode(context, name(), context.databaseUrlThrough(proxy.port()),
            List.of("-Xmx512m", "-XX:+UseParallelGC"), Map.of())) {
      if (!verdict.require(node.start(Duration.ofSeconds(90)), "node " + node.notReady())) {
        return verdict;
      }
      ChaosUser user = context.createUser("outage");
      List<Long> warmUp = SendLoad.sendEmails(context, node, user, "warm-up", SendLoad.WARM_UP_SENDS);
      if (!verdict.require(warmUp.size() == SendLoad.WARM_UP_SENDS, "warm-up sends accepted (" + warmUp.size() + " of "
          + SendLoad.WARM_UP_SENDS + ")")) {
        return verdict;
      }
      SendLoad load = new SendLoad(context, node, user);
      long started = System.currentTimeMillis();
      load.start(SENDS_PER_SECOND);
      sleepUntil(started + CUT_AT_MILLIS);
      proxy.cut();
      long cutAt = System.currentTimeMillis();
      sleepUntil(cutAt + OUTAGE_MILLIS);
      proxy.restore();
      long restoredAt = System.currentTimeMillis();
      sleepUntil(started + LOAD_MILLIS);
      load.stopAndDrain(15_000);

      load.writeCsv(context.workDir().resolve(name() + ".sends.csv"), started);
      verdict.fact("cut " + (cutAt - started) + "-" + (restoredAt - started) + " ms into the load");
      Answers answers = load.answers();
      List<Sent> sent = load.sent();
      long acceptedDuringCut = sent.stream()
          .filter(one -> one.status() == 201 && one.startedAtMillis() >= cutAt && one.startedAtMillis() < restoredAt)
          .count();
      List<Sent> settled = sent.stream()
          .filter(one -> one.startedAtMillis() >= restoredAt + SETTLE_AFTER_RESTORE_MILLIS).toList();
      long firstAcceptedAfterRestore = sent.stream()
          .filter(one -> one.status() == 201 && one.startedAtMillis() >= restoredAt)
          .mapToLong(Sent::startedAtMillis).min().orElse(-1);
      verdict.fact(answers.total() + " sends: " + answers.summary() + " (answer " + load.latencySummary() + ")");
      verdict.fact(firstAcceptedAfterRestore < 0 ? "no 201 after the restore"
          : "first 201 " + (firstAcceptedAfterRestore - restoredAt) + " ms after the restore");
      long lastFailureAfterRestore = sent.stream()
          .filter(one -> one.status() != 201 && one.startedAtMillis() >= restoredAt)
          .mapToLong(Sent::startedAtMillis).max().orElse(-1);
      verdict.fact(lastFailureAfterRestore < 0 ? "no failure after the restore"
          : "last failed send started " + (lastFailureAfterRestore - restoredAt) + " ms after the restore");
      verdict.fact(acceptedDuringCut + " sends started during the cut got 201");
      verdict.require(answers.withStatus(500) == 0, "0 x 500");
      verdict.require(answers.count(Answers.NO_ANSWER) == 0, "every send answered within 10 s");
      verdict.require(answers.count(Answers.MISSING_RETRY_AFTER) == 0, "Retry-After on every 503");
      verdict.require(!settled.isEmpty() && settled.stream().allMatch(one -> one.status() == 201),
          "only 201 from " + SETTLE_AFTER_RESTORE_MILLIS / 1000 + " s after the restore ("
              + settled.stream().filter(one -> one.status() != 201).count() + " of " + settled.size() + " not)");

      List<Long> accepted = load.acceptedIds();
      EmailStatuses statuses = EmailStatuses.await(context, accepted, 60_000, "DELIVERED", "sent_at", "delivered_at");
      verdict.fact("accepted emails: " + statuses.summary());
      verdict.require(statuses.complete() == accepted.size(), "every 201 email SENT and DELIVERED within 60 s ("
          + (accepted.size() - statuses.complete()) + " not)");
      verdict.require(node.probe("/health/ready") == 200, "ready after the outage");
      verdict.fact("node log: " + LogLines.count(node.log(), " WARN ") + " WARN, "
          + LogLines.count(node.log(), " ERROR ") + " ERROR lines");
    }
    return verdict;
  }

  static void sleepUntil(long epochMillis) throws InterruptedException {
    long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }
}
