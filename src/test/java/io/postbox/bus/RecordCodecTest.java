package io.postbox.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.AccountStore.ApiKey;
import io.postbox.contract.AccountStore.ApiKeyMatch;
import io.postbox.contract.Dispatch.Attachment;
import io.postbox.contract.Dispatch.SendCommand;
import io.postbox.contract.EmailStore.Accepted;
import io.postbox.contract.EmailStore.ApplyEvents;
import io.postbox.contract.EmailStore.Counts;
import io.postbox.contract.EmailStore.EmailQuery;
import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.EmailStore.StatsQuery;
import io.postbox.contract.IdempotencyStore.Claimed;
import io.postbox.contract.IdempotencyStore.Finish;
import io.postbox.contract.IdempotencyStore.Held;
import io.postbox.contract.KeyScope;
import io.postbox.contract.NormalizedEvent;
import io.postbox.contract.StatusChange;
import io.postbox.contract.WebhookStore.Attempt;
import io.postbox.contract.WebhookStore.AttemptMade;
import io.postbox.contract.WebhookStore.Delivery;
import io.postbox.contract.WebhookStore.DeliveryPage;
import io.postbox.contract.WebhookStore.DeliveryStatus;
import io.postbox.contract.WebhookStore.WebhookRef;
import io.postbox.contract.WebhookStore.WebhookUpdate;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
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
    ApiKeyMatch scoped = new ApiKeyMatch(new ApiKey(4L, 9L, 10, Instant.parse("2027-06-01T10:15:30.123Z"),
        KeyScope.READ, true));
    assertThat(roundTrip(scoped, ApiKeyMatch.class)).isEqualTo(scoped);
  }

  @Test
  void aTestSendAndTheModeOfEveryReadCrossTheWire() {
    SendCommand send = new SendCommand(7L, new JsonObject().put("recipient", "a@example.com"), List.of(), true);
    assertThat(roundTrip(send, SendCommand.class).test()).isTrue();
    StatsQuery stats = new StatsQuery(7L,
        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"), List.of("tag"), true);
    assertThat(roundTrip(stats, StatsQuery.class)).isEqualTo(stats);
    EmailQuery get = new EmailQuery(7L, 42L, true);
    assertThat(roundTrip(get, EmailQuery.class)).isEqualTo(get);
  }

  @Test
  void aDeliveryPageKeepsItsEnumsInstantsNestedAttemptsAndNulls() {
    Attempt timedOut = new Attempt(Instant.parse("2026-12-02T08:00:00.001Z"), null, 1500L, "timeout after 1500 ms",
        null);
    Attempt refused = new Attempt(Instant.parse("2026-12-02T08:00:05.002Z"), 500, 12L, "response status 500",
        "{\"oops\": \"é\"}");
    Delivery failed = new Delivery("whd_1", "wh_1", "msg_1", "email.delivered", DeliveryStatus.FAILED, 2, null,
        Instant.parse("2026-12-02T07:59:59.999Z"), Instant.parse("2026-12-02T08:00:05.010Z"),
        List.of(timedOut, refused));
    Delivery fresh = new Delivery("whd_2", "wh_1", "msg_2", "webhook.test", DeliveryStatus.PENDING, 0,
        Instant.parse("2026-12-02T08:01:00Z"), Instant.parse("2026-12-02T08:01:00Z"),
        Instant.parse("2026-12-02T08:01:00Z"), List.of());
    DeliveryPage page = new DeliveryPage(true, List.of(failed, fresh));
    DeliveryPage back = roundTrip(page, DeliveryPage.class);
    assertThat(back).isEqualTo(page);
    assertThat(back.data().get(0).status()).isSameAs(DeliveryStatus.FAILED);
    assertThat(back.data().get(0).attempts().get(1).responseBody()).isEqualTo("{\"oops\": \"é\"}");

    AttemptMade made = new AttemptMade("whd_1", refused, DeliveryStatus.PENDING, 300_000L);
    assertThat(roundTrip(made, AttemptMade.class)).isEqualTo(made);
  }

  @Test
  void anUpdateTellsALeftOutFieldFromAFieldSetToNull() {
    WebhookUpdate clearDescription = new WebhookUpdate(new WebhookRef(4L, "wh_a"), null, null, null, true, null);
    WebhookUpdate back = roundTrip(clearDescription, WebhookUpdate.class);
    assertThat(back).isEqualTo(clearDescription);
    assertThat(back.descriptionChanged()).isTrue();
    WebhookUpdate types = new WebhookUpdate(new WebhookRef(4L, "wh_a"), "https://203.0.113.9/h",
        List.of("email.sent", "email.opened"), false, false, null);
    assertThat(roundTrip(types, WebhookUpdate.class)).isEqualTo(types);
  }

  @Test
  void attachmentBytesInstantsNestedListsAndJsonCrossTheWire() {
    byte[] everyByte = new byte[256];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    SendCommand send = new SendCommand(7L, new JsonObject().put("recipient", "a@example.com").put("cc",
        new JsonArray().add("b@example.com")), List.of(new Attachment("every-byte.bin", Buffer.buffer(everyByte)),
        new Attachment("empty.txt", Buffer.buffer())));
    SendCommand sendBack = roundTrip(send, SendCommand.class);
    assertThat(sendBack.request()).isEqualTo(send.request());
    assertThat(sendBack.attachments()).extracting(Attachment::fileName).containsExactly("every-byte.bin", "empty.txt");
    assertThat(sendBack.attachments().get(0).content().getBytes()).isEqualTo(everyByte);
    assertThat(sendBack.attachments().get(1).content().length()).isZero();

    NormalizedEvent open = NormalizedEvent.pixelOpen("key", Instant.parse("2025-01-02T03:04:05.678Z"), 42L, true,
        new JsonObject().put("user_agent", "curl").put("machine", true));
    NormalizedEvent bounce = new NormalizedEvent("k2", "bounce", "ses", Instant.parse("2025-01-02T03:04:06Z"), null,
        "ses-1", "r@example.com", "Permanent", "General", null, true, false, new JsonObject());
    ApplyEvents batch = new ApplyEvents(List.of(EventMessage.withEvents("pixel", null, List.of(open, bounce)),
        EventMessage.reject("sqs", "garbage", "unparseable")));
    assertThat(roundTrip(batch, ApplyEvents.class)).isEqualTo(batch);

    StatusChange change = new StatusChange(42L, 7L, "UNSENT", "ACCEPTED", new StatusChange.Cause("accepted", "api",
        Instant.parse("2025-01-02T03:04:05.678Z")), new JsonObject().put("id", "42").put("cc", new JsonArray()));
    Accepted accepted = new Accepted(change.email(), change);
    assertThat(roundTrip(accepted, Accepted.class)).isEqualTo(accepted);
    assertThat(roundTrip(new Accepted(change.email(), null), Accepted.class).change()).isNull();

    Counts counts = new Counts(List.of(new JsonObject().put("month", "2025-01").put("total", 3L)));
    assertThat(roundTrip(counts, Counts.class)).isEqualTo(counts);
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
