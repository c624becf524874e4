package io.postbox.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.AccountStore.ApiKey;
import io.postbox.contract.AccountStore.ApiKeyMatch;
import io.postbox.contract.IdempotencyStore.Claimed;
import io.postbox.contract.IdempotencyStore.Finish;
import io.postbox.contract.IdempotencyStore.Held;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Between nodes a record crosses as JSON and arrives equal; inside a node it is passed as it is. */
class RecordCodecTest {
  @Test
  void aRecordCrossesTheWireIntact() {
    Finish finish = new Finish(new Held(7L, "key-1", UUID.randomUUID()), 201,
        new JsonObject().put("id", "abc").put("nested", new JsonObject().put("n", 1)));
    assertThat(roundTrip(finish, Finish.class)).isEqualTo(finish);

    Claimed other = new Claimed(null, "f", "finished", 422, new JsonObject().put("code", "validation_error"));
    Claimed back = roundTrip(other, Claimed.class);
    assertThat(back).isEqualTo(other);
    assertThat(back.claimed()).isFalse();
  }

  @Test
  void anApiKeyKeepsItsExpiryToTheMillisecondAndNoKeyStaysNone() {
    ApiKeyMatch match = new ApiKeyMatch(new ApiKey(3L, 9L, 120, Instant.parse("2027-06-01T10:15:30.123Z")));
    ApiKeyMatch back = roundTrip(match, ApiKeyMatch.class);
    assertThat(back).isEqualTo(match);
    assertThat(back.key().validUntil()).isEqualTo(Instant.parse("2027-06-01T10:15:30.123Z"));
    assertThat(roundTrip(ApiKeyMatch.NONE, ApiKeyMatch.class).key()).isNull();
  }

  @Test
  void insideANodeTheSameObjectArrives() {
    Held held = new Held(1L, "k", UUID.randomUUID());
    assertThat(new RecordCodec<>(Held.class).transform(held)).isSameAs(held);
  }

  private static <T> T roundTrip(T value, Class<T> type) {
    RecordCodec<T> codec = new RecordCodec<>(type);
    Buffer wire = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(wire, value);
    return codec.decodeFromWire("prefix".length(), wire);
  }
}
