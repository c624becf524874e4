package io.postbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §24: {@code ses.maxSendRate} is the rate of the whole node. Several dispatch-like instances each build their
 * gateway the way {@link DispatchVerticle} does and send at once; SendEmail calls reaching SES stay within the rate.
 */
class NodeSendRateTest {
  private static final int RATE = 8;
  private static final int INSTANCES = 4;
  private static final int SENDS_PER_INSTANCE = 4;
  private static final byte[] RAW = "From: a@example.gov\r\nTo: b@example.com\r\nSubject: Hi\r\n\r\nx\r\n"
      .getBytes(StandardCharsets.US_ASCII);
  /** When each email id's first SendEmail call reached SES: retries and late warm-up calls do not count. */
  private static final Map<String, Long> firstArrivalNanos = new ConcurrentHashMap<>();
  private static final Queue<Future<String>> sends = new ConcurrentLinkedQueue<>();
  private static Vertx vertx;
  private static HttpServer fakeSes;

  @BeforeAll
  static void start() {
    System.setProperty("aws.accessKeyId", "AKIAPOSTBOXTEST");
    System.setProperty("aws.secretAccessKey", "postbox-test-secret");
    vertx = Vertx.vertx();
    fakeSes = await(vertx.createHttpServer().requestHandler(request -> {
      long arrived = System.nanoTime();
      request.body().onSuccess(body -> {
        String emailId = body.toJsonObject().getJsonArray("EmailTags").getJsonObject(0).getString("Value");
        firstArrivalNanos.putIfAbsent(emailId, arrived);
        request.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("MessageId", "m-" + emailId).encode());
      });
    }).listen(0, "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void sendsFromEveryInstanceShareTheNodeRate() {
    JsonObject config = new JsonObject()
        .put("aws", new JsonObject().put("region", "us-east-1")
            .put("sesEndpoint", "http://127.0.0.1:" + fakeSes.actualPort()))
        .put("ses", new JsonObject().put("maxSendRate", RATE));
    await(vertx.deployVerticle(BurstSender::new, new DeploymentOptions().setConfig(config).setInstances(INSTANCES)));

    // the first call of each SDK client is slow (class loading, connection): warm them up outside the measure
    burst("warm-up", 1);
    long burstStarted = System.nanoTime();
    burst("measured", SENDS_PER_INSTANCE);

    List<Long> arrivals = firstArrivalNanos.entrySet().stream().filter(entry -> entry.getKey().startsWith("measured"))
        .map(Map.Entry::getValue).sorted().toList();
    assertThat(arrivals).hasSize(INSTANCES * SENDS_PER_INSTANCE);
    // the k-th call cannot reach SES before the k-th slot, k/RATE s after the burst started; a loaded machine only
    // delays calls, so this holds however slow the machine, and with one limiter per instance it fails at once
    List<Long> earliestAllowedMillis = new ArrayList<>();
    List<Long> arrivedAtMillis = new ArrayList<>();
    for (int k = 0; k < arrivals.size(); k++) {
      earliestAllowedMillis.add(k * 1000L / RATE);
      arrivedAtMillis.add(TimeUnit.NANOSECONDS.toMillis(arrivals.get(k) - burstStarted));
    }
    for (int k = 0; k < arrivals.size(); k++) {
      assertThat(arrivedAtMillis.get(k)).as("call %d of %s", k, arrivedAtMillis)
          .isGreaterThanOrEqualTo(earliestAllowedMillis.get(k) - 5);
    }
  }

  private static void burst(String name, int sendsPerInstance) {
    sends.clear();
    vertx.eventBus().publish(BurstSender.ADDRESS, new JsonObject().put("name", name).put("sends", sendsPerInstance));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sends.size() < INSTANCES * sendsPerInstance && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    List<Future<String>> all = new ArrayList<>(sends);
    assertThat(all).hasSize(INSTANCES * sendsPerInstance);
    // a loaded machine may time a call out and retry it: the retry takes a slot too, so only arrivals matter
    all.forEach(send -> await(send.otherwiseEmpty()));
  }

  /** Builds its gateway as a dispatch instance does and, on a signal, sends a burst through it. */
  public static final class BurstSender extends VerticleBase {
    static final String ADDRESS = "test.ses-burst";
    private SesV2Gateway gateway;

    @Override
    public Future<?> start() {
      return SesV2Gateway.create(vertx, config()).compose(created -> {
        gateway = created;
        return vertx.eventBus().<JsonObject>consumer(ADDRESS, burst -> {
          for (int i = 0; i < burst.body().getInteger("sends"); i++) {
            String emailId = burst.body().getString("name") + "-" + UUID.randomUUID();
            sends.add(gateway.send(RAW, emailId, "postbox-tracking"));
          }
        }).completion();
      });
    }

    @Override
    public Future<?> stop() {
      return vertx.executeBlocking(() -> {
        gateway.close();
        return null;
      });
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
