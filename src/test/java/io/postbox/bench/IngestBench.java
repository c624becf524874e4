package io.postbox.bench;

import io.postbox.contract.Ingest;
import io.postbox.app.Node;
import io.postbox.app.Settings;
import io.postbox.store.StoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * {@code scripts/bench ingest}: pushes synthetic SES events (send, delivery, open, click: four per email) into the
 * ingestion entry point and reports committed events per second. Every push is answered only after its commit.
 */
public final class IngestBench {
  private static final String[] TYPES = {"Send", "Delivery", "Open", "Click"};

  public static void main(String[] args) {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 512;
    // the first events only warm the JIT up: on two cores its compilers stay busy for the first 150,000 or so
    int warmUpEvents = Math.max(200_000, events * 2) / 4 * 4;
    int emails = (events + warmUpEvents) / 4;
    long startedAt = System.nanoTime();
    JsonObject config = Settings.resolve(new JsonObject(), Map.of(
        "POSTBOX_PG_URL", System.getenv("POSTBOX_BENCH_PG_URL"),
        "POSTBOX_API_KEY_SECRET", "bench-secret-bench-secret-bench-secret-0123",
        "POSTBOX_HTTP_PORT", "0", "POSTBOX_TRACKING_PORT", "0", "POSTBOX_MANAGEMENT_PORT", "0",
        "POSTBOX_ROLES", "store,ingest"));
    Vertx vertx = await(Node.start(config));
    long readyMillis = (System.nanoTime() - startedAt) / 1_000_000;
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(StoreSettings.from(config).adminConnectOptions()).using(vertx).build();
    List<long[]> rows = createEmails(pool, emails);
    Instant base = Instant.now();
    // made as they are pushed, so that the driver's memory does not count in the peak RSS
    IntFunction<String> body = index -> {
      long emailId = rows.get(index / 4)[0];
      return SyntheticSesEvents.event(TYPES[index % 4], emailId, "bench-" + emailId, base.plusMillis(emailId % 1000))
          .encode();
    };
    push(vertx, body, 0, warmUpEvents, concurrency, new long[warmUpEvents]);
    long[] latencies = new long[events];
    long started = System.nanoTime();
    int errors = push(vertx, body, warmUpEvents, events, concurrency, latencies);
    double seconds = (System.nanoTime() - started) / 1e9;
    java.util.Arrays.sort(latencies);
    System.err.printf("ingest: %,d events committed in %.2f s (concurrency %d)%n", events, seconds, concurrency);
    System.out.printf("RESULT %.0f %.2f %.2f %d %d %d%n", events / seconds,
        latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6, errors,
        PeakRss.megabytes(), readyMillis);
    await(vertx.close());
  }

  /**
   * Pushes bodies {@code from} … {@code from + count - 1} with at most {@code concurrency} in flight; returns the
   * number of failures.
   */
  static int push(Vertx vertx, IntFunction<String> bodies, int from, int count, int concurrency, long[] latencies) {
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(120_000);
    Runnable[] sendOne = new Runnable[1];
    sendOne[0] = () -> {
      int index = next.getAndIncrement();
      if (index >= count) {
        return;
      }
      long sentAt = System.nanoTime();
      vertx.eventBus().request(Ingest.RAW.address(), new Ingest.RawMessage("bench", bodies.apply(from + index)),
              options)
          .onComplete(reply -> {
            latencies[index] = System.nanoTime() - sentAt;
            if (reply.failed()) {
              errors.incrementAndGet();
            }
            if (finished.incrementAndGet() == count) {
              done.tryComplete();
            } else {
              sendOne[0].run();
            }
          });
    };
    vertx.runOnContext(start -> {
      for (int i = 0; i < concurrency; i++) {
        sendOne[0].run();
      }
    });
    await(done.future());
    return errors.get();
  }

  static List<long[]> createEmails(Pool pool, int count) {
    long userId = await(pool.preparedQuery("INSERT INTO users (email) VALUES ($1) RETURNING id")
        .execute(Tuple.of("bench-" + System.nanoTime() + "@example.com"))).iterator().next().getLong(0);
    List<long[]> ids = new ArrayList<>();
    // each email is written once, with its message id: no dead row versions, so no VACUUM of the whole table before
    // the run (on a big database its index passes would still be flushing while the events are timed)
    for (Row row : await(pool.preparedQuery("""
        WITH ids AS (SELECT nextval('emails_id_seq') AS id FROM generate_series(1, $2))
        INSERT INTO emails (id, user_id, from_address, recipient, params, status, status_rank, accepted_at,
                            created_at, ses_message_id)
        SELECT id, $1, 'no-reply@example.gov', 'reader@example.com', '{}', 'ACCEPTED', 1, now() - interval '1 hour',
               now() - interval '1 hour', 'bench-' || id
        FROM ids ORDER BY id RETURNING id""").execute(Tuple.of(userId, count)))) {
      ids.add(new long[] {row.getLong(0)});
    }
    // statistics of a table this size, as production has them, before the server prepares its statements
    await(pool.query("ANALYZE emails").execute());
    return ids;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Minimal SES event-publishing records, in the format the parser reads. */
  static final class SyntheticSesEvents {
    static JsonObject event(String type, long emailId, String messageId, Instant at) {
      JsonObject mail = new JsonObject()
          .put("timestamp", at.toString())
          .put("source", "no-reply@example.gov")
          .put("messageId", messageId)
          .put("destination", new JsonArray().add("reader@example.com"))
          .put("tags", new JsonObject().put("postbox_email_id", new JsonArray().add(Long.toString(emailId))));
      JsonObject event = new JsonObject().put("eventType", type).put("mail", mail);
      String later = at.plusSeconds(5).toString();
      switch (type) {
        case "Send" -> event.put("send", new JsonObject());
        case "Delivery" -> event.put("delivery", new JsonObject().put("timestamp", later)
            .put("recipients", new JsonArray().add("reader@example.com")).put("processingTimeMillis", 500)
            .put("smtpResponse", "250 ok").put("reportingMTA", "a8-70.smtp-out.amazonses.com"));
        case "Open" -> event.put("open", new JsonObject().put("timestamp", at.plusSeconds(60).toString())
            .put("userAgent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)").put("ipAddress", "192.0.2.1"));
        default -> event.put("click", new JsonObject().put("timestamp", at.plusSeconds(70).toString())
            .put("userAgent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)").put("ipAddress", "192.0.2.1")
            .put("link", "https://example.gov/x").put("linkTags", new JsonObject()));
      }
      return event;
    }
  }
}
