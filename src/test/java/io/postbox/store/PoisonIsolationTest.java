package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** SPEC §24, without a database: the split that finds the message at fault, and what counts as the data's fault. */
class PoisonIsolationTest {
  private final List<List<Integer>> committed = new ArrayList<>();
  private final List<Integer> rejected = new ArrayList<>();

  private static List<JsonObject> messages(int count) {
    return IntStream.range(0, count).mapToObj(i -> new JsonObject().put("n", i)).toList();
  }

  private static List<Integer> numbers(List<JsonObject> messages) {
    return messages.stream().map(message -> message.getInteger("n")).toList();
  }

  private PoisonIsolation<JsonObject> isolation(List<Integer> poison, Throwable failure) {
    return new PoisonIsolation<>(batch -> {
      if (numbers(batch).stream().anyMatch(poison::contains)) {
        return Future.failedFuture(failure);
      }
      committed.add(numbers(batch));
      return Future.succeededFuture();
    }, (message, cause) -> {
      rejected.add(message.getInteger("n"));
      return Future.succeededFuture();
    }, PoisonFailures::isPoison);
  }

  @Test
  void onlyTheMessagesAtFaultAreRejectedAndEveryOtherOneCommits() {
    List<JsonObject> messages = messages(100);
    Future<Map<JsonObject, Throwable>> outcome = isolation(List.of(17, 62), new PgException("bad", "ERROR", "22021",
        "invalid byte sequence")).apply(messages);

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.result()).isEmpty();
    assertThat(rejected).containsExactly(17, 62);
    List<Integer> applied = committed.stream().flatMap(List::stream).sorted().toList();
    assertThat(applied).isEqualTo(IntStream.range(0, 100).filter(n -> n != 17 && n != 62).boxed().toList());
    assertThat(committed.size()).as("transactions for 2 culprits among 100").isLessThan(20);
  }

  @Test
  void aTransientFailureFailsTheBatchWithoutRejectingAnything() {
    List<JsonObject> messages = messages(10);
    VertxException lost = new VertxException("Connection is closed");
    Map<JsonObject, Throwable> failures = isolation(List.of(3), lost).apply(messages).result();

    assertThat(rejected).isEmpty();
    assertThat(committed).isEmpty();
    assertThat(failures).hasSize(10).allSatisfy((message, failure) -> assertThat(failure).isSameAs(lost));
  }

  @Test
  void aRejectThatFailsLeavesItsMessageFailing() {
    List<JsonObject> messages = messages(4);
    RuntimeException down = new VertxException("Connection is closed");
    PoisonIsolation<JsonObject> isolation = new PoisonIsolation<>(
        batch -> numbers(batch).contains(2)
            ? Future.failedFuture(new NumberFormatException()) : Future.succeededFuture(),
        (message, cause) -> Future.failedFuture(down), PoisonFailures::isPoison);
    Map<JsonObject, Throwable> failures = isolation.apply(messages).result();

    assertThat(failures).containsOnlyKeys(messages.get(2));
    assertThat(failures.get(messages.get(2))).isSameAs(down);
  }

  @Test
  void dataErrorsArePoisonAndOutagesAreNot() {
    assertThat(PoisonFailures.isPoison(new PgException("m", "ERROR", "22P05", "d"))).isTrue();
    assertThat(PoisonFailures.isPoison(new PgException("m", "ERROR", "22021", "d"))).isTrue();
    assertThat(PoisonFailures.isPoison(new PgException("m", "ERROR", "23505", "d"))).isTrue();
    assertThat(PoisonFailures.isPoison(new PgException("m", "ERROR", "54000", "d"))).isTrue();
    assertThat(PoisonFailures.isPoison(new NumberFormatException("For input string"))).isTrue();
    assertThat(PoisonFailures.isPoison(new java.time.format.DateTimeParseException("x", "y", 0))).isTrue();
    assertThat(PoisonFailures.isPoison(new PgException("m", "ERROR", "40001", "d"))).isFalse();
    assertThat(PoisonFailures.isPoison(new PgException("m", "ERROR", "40P01", "d"))).isFalse();
    assertThat(PoisonFailures.isPoison(new PgException("m", "FATAL", "57P01", "d"))).isFalse();
    assertThat(PoisonFailures.isPoison(new PgException("m", "FATAL", "53300", "d"))).isFalse();
    assertThat(PoisonFailures.isPoison(new PgException("m", "ERROR", "08006", "d"))).isFalse();
    assertThat(PoisonFailures.isPoison(new VertxException("Connection is closed"))).isFalse();
    assertThat(PoisonFailures.isPoison(new java.util.concurrent.TimeoutException())).isFalse();
  }

  @Test
  void rawBodiesThatTextCannotHoldAreStoredAsBase64() {
    assertThat(RawBodies.storable("{\"a\":\"\\u0000\"}")).isEqualTo("{\"a\":\"\\u0000\"}");
    assertThat(RawBodies.storable("plain ✓ 😀")).isEqualTo("plain ✓ 😀");
    String withNul = "{\"a\":\"x\u0000y\"}";
    String stored = RawBodies.storable(withNul);
    assertThat(stored).startsWith("base64:");
    assertThat(new String(Base64.getDecoder().decode(stored.substring(7)), StandardCharsets.UTF_8)).isEqualTo(withNul);
    assertThat(RawBodies.storable("half \ud83d pair")).startsWith("base64:");
    assertThat(RawBodies.storable(null)).isNull();
  }
}
