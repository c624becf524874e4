package io.postbox.bench;

import io.postbox.app.Node;
import io.postbox.app.Settings;
import io.postbox.store.StoreSettings;
import io.postbox.support.LocalSqs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@code scripts/bench sqs}: SES events (four per email) put into an embedded ElasticMQ queue, polled by postbox
 * through the real SQS client, committed and deleted; reports events per second from the first put to the last
 * commit.
 */
public final class SqsBench {
  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) / 4 * 4 : 40_000;
    System.setProperty("aws.accessKeyId", "bench");
    System.setProperty("aws.secretAccessKey", "bench");
    try (LocalSqs sqs = LocalSqs.start()) {
      String queueUrl = sqs.createQueue("postbox-bench", 60);
      long startedAt = System.nanoTime();
      JsonObject config = Settings.resolve(new JsonObject(), Map.ofEntries(
          Map.entry("POSTBOX_PG_URL", System.getenv("POSTBOX_BENCH_PG_URL")),
          Map.entry("POSTBOX_API_KEY_SECRET", "bench-secret-bench-secret-bench-secret-0123"),
          Map.entry("POSTBOX_HTTP_PORT", "0"),
          Map.entry("POSTBOX_TRACKING_PORT", "0"),
          Map.entry("POSTBOX_MANAGEMENT_PORT", "0"),
          Map.entry("POSTBOX_ROLES", "store,ingest"),
          Map.entry("POSTBOX_AWS_REGION", "us-east-1"),
          Map.entry("POSTBOX_SANDBOX", "true"),
          Map.entry("POSTBOX_SQS_ENDPOINT", sqs.endpoint.toString()),
          Map.entry("POSTBOX_SQS_QUEUE_URL", queueUrl),
          Map.entry("POSTBOX_SQS_POLLERS", "8"),
          Map.entry("POSTBOX_SNS_VERIFY", "false")));
      Vertx vertx = IngestBench.await(Node.start(config));
      long readyMillis = (System.nanoTime() - startedAt) / 1_000_000;
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
          .connectingTo(StoreSettings.from(config).adminConnectOptions()).using(vertx).build();
      List<long[]> emails = IngestBench.createEmails(pool, events / 4);
      List<String> bodies = new ArrayList<>();
      Instant base = Instant.now();
      for (long[] email : emails) {
        for (String type : new String[] {"Send", "Delivery", "Open", "Click"}) {
          bodies.add(IngestBench.SyntheticSesEvents.event(type, email[0], "bench-" + email[0],
              base.plusMillis(email[0] % 1000)).encode());
        }
      }
      long started = System.nanoTime();
      putAll(sqs, queueUrl, bodies);
      long committed = waitForCommits(pool, events);
      double seconds = (System.nanoTime() - started) / 1e9;
      System.err.printf("sqs: %,d of %,d events committed in %.2f s%n", committed, events, seconds);
      System.out.printf("RESULT %.0f - - %d %d %d%n", committed / seconds, events - committed, PeakRss.megabytes(),
          readyMillis);
      IngestBench.await(vertx.close());
    }
  }

  private static void putAll(LocalSqs sqs, String queueUrl, List<String> bodies) {
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i += 10) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int j = i; j < Math.min(bodies.size(), i + 10); j++) {
        entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j)).messageBody(bodies.get(j)).build());
      }
      inFlight.add(sqs.client.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries)));
      if (inFlight.size() == 64) {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        inFlight.clear();
      }
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
  }

  private static long waitForCommits(Pool pool, int events) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 600_000;
    long committed = 0;
    while (committed < events && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      committed = IngestBench.await(pool.query("SELECT count(*) FROM email_events").execute())
          .iterator().next().getLong(0);
    }
    return committed;
  }
}
