package io.postbox.chaos;

import io.postbox.chaos.ChaosContext.ChaosUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends at a steady rate to one node (sandbox recipient, so each accepted email goes SENT then DELIVERED) and
 * remembers each answer with the moment its request started.
 */
final class SendLoad {
  record Sent(long startedAtMillis, long answeredAtMillis, int status, String emailId) {
  }

  /** Sends that let the node's JIT and connection pools warm up before a scenario's clock starts. */
  static final int WARM_UP_SENDS = 64;
  private static final int TICK_MILLIS = 50;
  private static final long REQUEST_TIMEOUT_MILLIS = 10_000;

  private final ChaosContext context;
  private final ChaosNode node;
  private final ChaosUser user;
  private final Answers answers = new Answers();
  private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean stopped;
  private long timer = -1;

  SendLoad(ChaosContext context, ChaosNode node, ChaosUser user) {
    this.context = context;
    this.node = node;
    this.user = user;
  }

  /** Starts sending {@code perSecond} requests a second until {@link #stop()}. */
  void start(int perSecond) {
    int perTick = Math.max(1, perSecond * TICK_MILLIS / 1000);
    timer = context.vertx().setPeriodic(TICK_MILLIS, ignored -> {
      for (int i = 0; i < perTick && !stopped; i++) {
        sendOne();
      }
    });
  }

  void stop() {
    stopped = true;
    context.vertx().cancelTimer(timer);
  }

  /** Stops and waits (bounded) until every request sent so far has been answered or has failed. */
  void stopAndDrain(long timeoutMillis) throws InterruptedException {
    stop();
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }

  private void sendOne() {
    long started = System.currentTimeMillis();
    inFlight.incrementAndGet();
    context.http().post(node.httpPort(), "127.0.0.1", "/v1/transactional/email/send")
        .putHeader("Authorization", user.authorization())
        .timeout(REQUEST_TIMEOUT_MILLIS)
        .sendJsonObject(new JsonObject().put("recipient", "success@simulator.amazonses.com")
            .put("subject", "chaos " + started).put("body", "<p>chaos</p>"))
        .onComplete(result -> {
          if (result.succeeded()) {
            HttpResponse<Buffer> response = result.result();
            JsonObject body = jsonOrNull(response.bodyAsBuffer());
            String code = response.statusCode() >= 400 && body != null ? body.getString("code") : null;
            answers.answered(response.statusCode(), code, response.getHeader("Retry-After"));
            String id = response.statusCode() == 201 && body != null ? body.getString("id") : null;
            sent.add(new Sent(started, System.currentTimeMillis(), response.statusCode(), id));
          } else {
            answers.unanswered();
            sent.add(new Sent(started, System.currentTimeMillis(), -1, null));
          }
          inFlight.decrementAndGet();
        });
  }

  static JsonObject jsonOrNull(Buffer body) {
    try {
      return body == null || body.length() == 0 ? null : body.toJsonObject();
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  Answers answers() {
    return answers;
  }

  List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Writes every send as {@code started_ms,answered_ms,status,email_id}, times relative to {@code zeroMillis}. */
  void writeCsv(Path file, long zeroMillis) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("started_ms,answered_ms,status,email_id");
    sent.stream().sorted(java.util.Comparator.comparingLong(Sent::startedAtMillis))
        .forEach(one -> lines.add((one.startedAtMillis() - zeroMillis) + "," + (one.answeredAtMillis() - zeroMillis)
            + "," + one.status() + "," + (one.emailId() == null ? "" : one.emailId())));
    Files.write(file, lines);
  }

  /** {@code p50 40 ms, p99 180 ms} over the answered sends: how loaded the node was; {@code -} if none. */
  String latencySummary() {
    long[] millis = sent.stream().filter(one -> one.status() > 0)
        .mapToLong(one -> one.answeredAtMillis() - one.startedAtMillis()).sorted().toArray();
    if (millis.length == 0) {
      return "-";
    }
    return "p50 " + millis[(millis.length - 1) / 2] + " ms, p99 " + millis[(int) ((millis.length - 1) * 0.99)] + " ms";
  }

  /** Ids of the emails answered 201. */
  List<Long> acceptedIds() {
    return sent.stream().filter(one -> one.emailId() != null).map(one -> Long.parseLong(one.emailId())).toList();
  }

  /** Sends {@code count} emails (32 at a time); returns the ids of those accepted. */
  static List<Long> sendEmails(ChaosContext context, ChaosNode node, ChaosUser user, String label, int count)
      throws Exception {
    List<Long> ids = new ArrayList<>();
    for (int from = 0; from < count; from += 32) {
      List<Future<Long>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + 32); i++) {
        batch.add(context.http().post(node.httpPort(), "127.0.0.1", "/v1/transactional/email/send")
            .putHeader("Authorization", user.authorization()).timeout(10_000)
            .sendJsonObject(new JsonObject().put("recipient", "reader+" + label + i + "@example.com")
                .put("subject", "chaos " + label).put("body", "<p>chaos " + label + "</p>"))
            .map(response -> response.statusCode() == 201
                ? Long.parseLong(response.bodyAsJsonObject().getString("id")) : null));
      }
      for (Future<Long> sent : batch) {
        Long id = sent.toCompletionStage().toCompletableFuture().handle((done, failed) -> done)
            .get(15, TimeUnit.SECONDS);
        if (id != null) {
          ids.add(id);
        }
      }
    }
    return ids;
  }
}
