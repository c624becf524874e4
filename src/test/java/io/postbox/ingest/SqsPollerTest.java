package io.postbox.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.LocalSqs;
import io.postbox.support.TestPostbox;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** SPEC §11.5 for one poll loop against ElasticMQ, with ingestion stubbed: delete after commit, never before. */
class SqsPollerTest {
  private static final SqsPoller.Tuning QUICK =
      new SqsPoller.Tuning(1, 10, 1, Duration.ofMillis(50), Duration.ofMillis(200));

  private static LocalSqs sqs;
  private static Vertx vertx;
  private final List<SqsPoller> started = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startSqs() {
    sqs = LocalSqs.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopSqs() {
    TestPostbox.await(vertx.close());
    sqs.close();
  }

  @AfterEach
  void stopPollers() {
    started.forEach(poller -> TestPostbox.await(poller.stop()));
  }

  private SqsPoller start(SqsAsyncClient client, String queueUrl, BiFunction<String, String, Future<?>> ingestion,
      SqsPoller.Tuning tuning) {
    SqsPoller poller = new SqsPoller(client, queueUrl, ingestion, vertx.getOrCreateContext(), tuning);
    started.add(poller);
    poller.start();
    return poller;
  }

  @Test
  void theMessagesOfAReceiveAreIngestedConcurrentlyAndDeletedInOneBatchAfterTheirCommits() {
    String queue = sqs.createQueue("batch", 60);
    for (int i = 0; i < 3; i++) {
      sqs.send(queue, "event " + i);
    }
    List<String> calls = new CopyOnWriteArrayList<>();
    SqsAsyncClient client = recording(sqs.client, calls);
    List<String> sources = new CopyOnWriteArrayList<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    start(client, queue, (source, body) -> {
      sources.add(source);
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      Promise<Void> committed = Promise.promise();
      vertx.setTimer(200, fired -> {
        inFlight.decrementAndGet();
        calls.add("commit " + body);
        committed.complete();
      });
      return committed.future();
    }, SqsPoller.Tuning.SPEC);

    awaitTrue(() -> sqs.messagesIn(queue) == 0);
    assertThat(sources).containsExactly("sqs", "sqs", "sqs");
    assertThat(mostInFlight.get()).isEqualTo(3);
    assertThat(calls).filteredOn(call -> !call.equals("receiveMessage"))
        .containsExactlyInAnyOrder("commit event 0", "commit event 1", "commit event 2", "deleteMessageBatch");
    assertThat(calls.stream().filter(call -> !call.equals("receiveMessage")).toList()).last()
        .isEqualTo("deleteMessageBatch");
  }

  @Test
  void aFailedIngestionLeavesItsMessageInTheQueueUntilItCommits() {
    String queue = sqs.createQueue("transient", 60);
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    List<String> committed = new CopyOnWriteArrayList<>();
    SqsPoller poller = start(sqs.client, queue, (source, body) -> {
      int attempt = attempts.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
      if (body.equals("database down") && attempt == 1) {
        return Future.failedFuture(new IllegalStateException("connection refused"));
      }
      committed.add(body);
      return Future.succeededFuture();
    }, new SqsPoller.Tuning(1, 10, 2, Duration.ofMillis(50), Duration.ofMillis(200)));
    awaitTrue(() -> poller.lastReceiveAt().isPresent());
    sqs.send(queue, "database down");
    sqs.send(queue, "fine");

    awaitTrue(() -> committed.contains("fine") && attempts.containsKey("database down"));
    awaitTrue(() -> sqs.messagesIn(queue) == 1);
    awaitTrue(() -> committed.contains("database down"));
    awaitTrue(() -> sqs.messagesIn(queue) == 0);
    assertThat(attempts.get("database down").get()).isEqualTo(2);
    assertThat(attempts.get("fine").get()).isEqualTo(1);
  }

  @Test
  void anIngestionThatThrowsCountsAsFailed() {
    String queue = sqs.createQueue("throws", 60);
    AtomicInteger attempts = new AtomicInteger();
    start(sqs.client, queue, (source, body) -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("bug");
    }, QUICK);
    sqs.send(queue, "anything");
    awaitTrue(() -> attempts.get() >= 2);
    assertThat(sqs.messagesIn(queue)).isEqualTo(1);
  }

  @Test
  void aPollerStoppedBetweenCommitAndDeleteCausesARedelivery() {
    String queue = sqs.createQueue("crash", 60);
    List<String> committed = new CopyOnWriteArrayList<>();
    start(FirstDeleteDroppingSqs.wrapping(sqs.client), queue, (source, body) -> {
      committed.add(body);
      return Future.succeededFuture();
    }, QUICK);
    sqs.send(queue, "once");

    awaitTrue(() -> committed.size() == 2);
    awaitTrue(() -> sqs.messagesIn(queue) == 0);
    sleep(1_500);
    assertThat(committed).containsExactly("once", "once");
  }

  @Test
  void receiveErrorsBackOffAndTheLoopRecoversWhenTheQueueIsBack() {
    String existing = sqs.createQueue("probe", 60);
    String name = "late-" + System.nanoTime();
    String queue = existing.substring(0, existing.lastIndexOf('/') + 1) + name;
    List<String> calls = new CopyOnWriteArrayList<>();
    List<String> committed = new CopyOnWriteArrayList<>();
    SqsPoller poller = start(recording(sqs.client, calls), queue, (source, body) -> {
      committed.add(body);
      return Future.succeededFuture();
    }, new SqsPoller.Tuning(1, 10, 1, Duration.ofMillis(100), Duration.ofMillis(400)));

    sleep(1_200);
    assertThat(poller.lastReceiveAt()).isEmpty();
    // 100 + 200 + 400 + 400 ms of back-off fit in 1.2 s: a handful of receives, not a busy loop.
    assertThat(calls).hasSizeBetween(3, 6);
    sqs.client.createQueue(request -> request.queueName(name)).join();
    sqs.send(queue, "after the outage");
    awaitTrue(() -> committed.contains("after the outage"));
    assertThat(poller.lastReceiveAt()).isPresent();
  }

  @Test
  void stopCancelsAWaitingLongPollAndIngestsNothingMore() {
    String queue = sqs.createQueue("stop", 60);
    List<String> committed = new CopyOnWriteArrayList<>();
    SqsPoller poller = start(sqs.client, queue, (source, body) -> {
      committed.add(body);
      return Future.succeededFuture();
    }, new SqsPoller.Tuning(5, 10, 60, Duration.ofSeconds(1), Duration.ofSeconds(30)));
    awaitTrue(() -> poller.lastReceiveAt().isPresent());
    sleep(300);

    long before = System.nanoTime();
    TestPostbox.await(poller.stop());
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
    sqs.send(queue, "after stop");
    sleep(500);
    assertThat(committed).isEmpty();
    // The server may still answer the abandoned long poll, hiding the message for its visibility timeout.
    assertThat(sqs.messagesIn(queue)).isEqualTo(1);
  }

  /** {@code client} with the name of each SQS call it makes added to {@code calls}. */
  private static SqsAsyncClient recording(SqsAsyncClient client, List<String> calls) {
    return (SqsAsyncClient) Proxy.newProxyInstance(SqsAsyncClient.class.getClassLoader(),
        new Class<?>[] {SqsAsyncClient.class}, (proxy, method, args) -> {
          if (method.getDeclaringClass() != Object.class) {
            calls.add(method.getName());
          }
          try {
            return method.invoke(client, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 15_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within 15 s");
      }
      sleep(25);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
