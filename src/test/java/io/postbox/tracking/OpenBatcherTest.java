package io.postbox.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.bus.EmailStoreClient;
import io.postbox.contract.ApiError;
import io.postbox.contract.EmailStore.ApplyEvents;
import io.postbox.contract.EmailStore;
import io.postbox.contract.NormalizedEvent;
import io.postbox.support.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Opens are answered at once while the store keeps up, and wait for it once too many are unrecorded. */
class OpenBatcherTest {
  private Vertx vertx;
  private EmailStore store;
  private final List<Message<ApplyEvents>> storeRequests = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    store = new EmailStoreClient(vertx);
    vertx.eventBus().<ApplyEvents>consumer(EmailStore.APPLY_EVENTS.address(), storeRequests::add).completion()
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void holdsTheOpensPastTheLimitUntilTheStoreAnswers() throws Exception {
    List<Future<Void>> admitted = onContext(() -> {
      OpenBatcher batcher = new OpenBatcher(vertx, store, 2, 1, 3);
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        futures.add(batcher.add(open(i)));
      }
      return futures;
    });
    awaitStoreRequests(2);

    assertThat(admitted.subList(0, 3)).allMatch(Future::succeeded);
    assertThat(admitted.subList(3, 5)).noneMatch(Future::isComplete);

    vertx.runOnContext(ignored -> storeRequests.get(0).reply(null));
    awaitCompleted(admitted.get(4));
    assertThat(admitted.get(3).succeeded()).isTrue();
  }

  @Test
  void sendsTheOpensAgainWhileTheStoreIsUnavailable() throws Exception {
    Future<Void> flushed = onContext(() -> {
      OpenBatcher batcher = new OpenBatcher(vertx, store, 10, 1, 100);
      batcher.add(open(7));
      return batcher.flush();
    });
    for (int attempt = 1; attempt <= 3; attempt++) {
      awaitStoreRequests(attempt);
      Message<ApplyEvents> request = storeRequests.get(attempt - 1);
      if (attempt < 3) {
        vertx.runOnContext(ignored -> request.fail(503, ApiError.serviceUnavailable().toJson().encode()));
      } else {
        assertThat(flushed.isComplete()).as("recorded before the store accepted the opens").isFalse();
        assertThat(request.body().messages().get(0).events().get(0).dedupKey()).isEqualTo("pixel:7");
        vertx.runOnContext(ignored -> request.reply(null));
      }
    }
    awaitCompleted(flushed);
    assertThat(storeRequests).hasSize(3);
  }

  private <T> T onContext(Supplier<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    vertx.runOnContext(ignored -> result.complete(work.get()));
    return result.get(5, TimeUnit.SECONDS);
  }

  private void awaitStoreRequests(int count) {
    Eventually.await(Duration.ofSeconds(5), count + " store request(s) from the batcher",
        () -> storeRequests.size() >= count);
  }

  private static void awaitCompleted(Future<Void> future) throws Exception {
    future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static NormalizedEvent open(int i) {
    return NormalizedEvent.pixelOpen("pixel:" + i, Instant.EPOCH, i + 1, false, new JsonObject());
  }
}
