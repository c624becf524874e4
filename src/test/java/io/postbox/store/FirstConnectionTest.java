package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TcpProxy;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A node's start waits a bounded time for PostgreSQL, then serves, and never hangs on a lost connection attempt. */
class FirstConnectionTest {
  @Test
  void aConnectionAttemptThatNeverAnswersEndsTheStartWithAClearFailure() {
    Vertx vertx = Vertx.vertx();
    try {
      Pool neverAnswers = (Pool) Proxy.newProxyInstance(Pool.class.getClassLoader(), new Class<?>[] {Pool.class},
          (proxy, method, args) -> method.getName().equals("getConnection") ? Promise.promise().future() : null);
      long started = System.nanoTime();
      Future<Void> connected = new FirstConnection(vertx, Duration.ofMillis(200), Duration.ofSeconds(1))
          .await(neverAnswers);
      Throwable failure = null;
      try {
        connected.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        failure = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      }
      assertThat(failure).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("PostgreSQL could not be reached within 1 s");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aNodeStartedWhileItsDatabaseIsUnreachableStartsOnceItIsBack() {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (TcpProxy proxy = TestPostbox.databaseProxy()) {
      proxy.cut();
      timer.schedule(proxy::restore, 3, TimeUnit.SECONDS);
      TestPostbox postbox = TestPostbox.start(Map.of("POSTBOX_PG_URL", TestPostbox.databaseUrlThrough(proxy)));
      try {
        assertThat(proxy.isCut()).isFalse();
        TestUser user = postbox.createUser("late-database", 10);
        assertThat(postbox.send(user, new JsonObject().put("recipient", "success@simulator.amazonses.com")
            .put("body", "<p>Hi</p>").put("subject", "Hello")).statusCode()).isEqualTo(201);
      } finally {
        postbox.close();
      }
    } finally {
      timer.shutdownNow();
    }
  }
}
