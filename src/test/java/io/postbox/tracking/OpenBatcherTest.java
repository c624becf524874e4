package io.postbox.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
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
  private final List<Message<JsonObject>> storeRequests = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(Addresses.STORE_EVENTS_APPLY, storeRequests::add).completion()
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void holdsTheOpensPastTheLimitUntilTheStoreAnswers() throws Exception {
    List<Future<Void>> admitted = onContext(() -> {
      OpenBatcher batcher = new OpenBatcher(vertx, 2, 1, 3);
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        futures.add(batcher.add(open(i)));
      }
      return futures;
    });
    awaitStoreRequests(2);

    assertThat(admitted.subList(0, 3)).allMatch(Future::succeeded);
    assertThat(admitted.subList(3, 5)).noneMatch(Future::isComplete);

    vertx.runOnContext(ignored -> storeRequests.get(0).reply(new JsonObject()));
    awaitCompleted(admitted.get(4));
    assertThat(admitted.get(3).succeeded()).isTrue();
  }

  private <T> T onContext(Supplier<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    vertx.runOnContext(ignored -> result.complete(work.get()));
    return result.get(5, TimeUnit.SECONDS);
  }

  private void awaitStoreRequests(int count) throws InterruptedException {
    for (int i = 0; i < 500 && storeRequests.size() < count; i++) {
      Thread.sleep(10);
    }
    assertThat(storeRequests).hasSizeGreaterThanOrEqualTo(count);
  }

  private static void awaitCompleted(Future<Void> future) throws Exception {
    future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static JsonObject open(int i) {
    return new JsonObject().put("type", "open").put("dedup_key", "pixel:" + i).put("machine_user_agent", false);
  }
}
