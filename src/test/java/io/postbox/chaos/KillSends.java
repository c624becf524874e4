package io.postbox.chaos;

import io.postbox.chaos.ChaosContext.ChaosUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * kill -9 of the node 5 s into 80 sends a second, then a new node on the same database and ports. Requires every
 * email answered 201 to be readable through the new node, no 500, and the new node to deliver fresh sends.
 * Emails the killed node accepted but whose sandbox events were still timers in its memory stay ACCEPTED or SENT:
 * SPEC §20 keeps those events in the process and promises nothing across a crash, so they are counted, not
 * failed (with SES the events wait in SQS and are applied after the restart).
 */
final class KillSends implements Scenario {
  private static final int SENDS_PER_SECOND = 80;
  private static final long KILL_AT_MILLIS = 5_000;
  private static final int SENDS_AFTER_RESTART = 20;

  @Override
  public String name() {
    return "kill-9-sends";
  }

  @Override
  public Verdict run(ChaosContext context) throws Exception {
    Verdict verdict = new Verdict(name());
    try (ChaosNode node = new ChaosNode(context, name(), context.databaseUrl(),
        List.of("-Xmx512m", "-XX:+UseParallelGC"), Map.of())) {
      if (!verdict.require(node.start(Duration.ofSeconds(90)), "node " + node.notReady())) {
        return verdict;
      }
      ChaosUser user = context.createUser("killsends");
      List<Long> warmUp = SendLoad.sendEmails(context, node, user, "warm-up", SendLoad.WARM_UP_SENDS);
      if (!verdict.require(warmUp.size() == SendLoad.WARM_UP_SENDS, "warm-up sends accepted (" + warmUp.size() + " of "
          + SendLoad.WARM_UP_SENDS + ")")) {
        return verdict;
      }
      SendLoad load = new SendLoad(context, node, user);
      long started = System.currentTimeMillis();
      load.start(SENDS_PER_SECOND);
      DbOutage.sleepUntil(started + KILL_AT_MILLIS);
      node.kill9();
      load.stopAndDrain(15_000);
      load.writeCsv(context.workDir().resolve(name() + ".sends.csv"), started);
      List<Long> accepted = load.acceptedIds();
      verdict.fact(load.answers().total() + " sends before and at the kill: " + load.answers().summary() + " (answer "
          + load.latencySummary() + ")");
      verdict.require(load.answers().withStatus(500) == 0, "0 x 500");
      verdict.require(!accepted.isEmpty(), "sends accepted before the kill");

      long restartBegan = System.currentTimeMillis();
      if (!verdict.require(node.start(Duration.ofSeconds(90)), "restarted node " + node.notReady())) {
        return verdict;
      }
      verdict.fact("restarted and ready in " + (System.currentTimeMillis() - restartBegan) + " ms");
      int readable = readable(context, node, user, accepted);
      verdict.fact(readable + " of " + accepted.size() + " accepted emails readable");
      verdict.require(readable == accepted.size(), "every 201 email readable after the restart");

      EmailStatuses statuses = EmailStatuses.await(context, accepted, 20_000, "DELIVERED", "sent_at", "delivered_at");
      long stranded = accepted.size() - statuses.complete();
      verdict.fact("accepted emails: " + statuses.summary()
          + (stranded == 0 ? "" : " (" + stranded + " lost their sandbox events with the killed JVM)"));

      SendLoad fresh = new SendLoad(context, node, user);
      fresh.start(SENDS_AFTER_RESTART);
      Thread.sleep(1_000);
      fresh.stopAndDrain(15_000);
      List<Long> freshIds = fresh.acceptedIds();
      EmailStatuses freshStatuses = EmailStatuses.await(context, freshIds, 30_000, "DELIVERED", "sent_at",
          "delivered_at");
      verdict.fact("after the restart: " + fresh.answers().summary() + ", " + freshStatuses.summary());
      verdict.require(!freshIds.isEmpty() && freshIds.size() == fresh.answers().total()
          && freshStatuses.complete() == freshIds.size(), "sends after the restart accepted and DELIVERED");
    }
    return verdict;
  }

  /** How many of {@code ids} answer 200 with their own id on GET through {@code node}. */
  private static int readable(ChaosContext context, ChaosNode node, ChaosUser user, List<Long> ids)
      throws Exception {
    AtomicInteger readable = new AtomicInteger();
    for (int from = 0; from < ids.size(); from += 32) {
      List<CompletableFuture<HttpResponse<Buffer>>> reads = ids.subList(from, Math.min(ids.size(), from + 32))
          .stream().map(id -> context.http().get(node.httpPort(), "127.0.0.1", "/v1/transactional/email/" + id)
              .putHeader("Authorization", user.authorization()).timeout(10_000).send()
              .toCompletionStage().toCompletableFuture()
              .thenApply(response -> {
                if (response.statusCode() == 200
                    && String.valueOf(id).equals(response.bodyAsJsonObject().getString("id"))) {
                  readable.incrementAndGet();
                }
                return response;
              }))
          .toList();
      for (CompletableFuture<HttpResponse<Buffer>> read : reads) {
        try {
          read.get(15, TimeUnit.SECONDS);
        } catch (Exception unanswered) {
          // counted as unreadable
        }
      }
    }
    return readable.get();
  }
}
