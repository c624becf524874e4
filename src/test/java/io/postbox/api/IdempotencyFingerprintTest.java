package io.postbox.api;

import io.postbox.contract.IdempotencyStore.Claimed;
import java.util.UUID;
import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.api.IdempotentSends.Ending;
import io.postbox.api.IdempotentSends.Ending.Kind;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.DefaultFrom;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fingerprint and the claim decisions of SPEC §17, without a database. */
class IdempotencyFingerprintTest {
  private final SendRequestValidator validator = new SendRequestValidator();
  private final SendFingerprints fingerprints = new SendFingerprints(DefaultFrom.from(new JsonObject()));

  private String fingerprint(JsonObject fields, List<SendBody.Upload> attachments) {
    return fingerprints.of(validator.validate(fields).request(), attachments);
  }

  private static JsonObject request() {
    return new JsonObject().put("recipient", "a@example.com").put("subject", "S").put("body", "B");
  }

  @Test
  void canonicalJsonSortsKeysAtEveryLevel() {
    JsonObject value = new JsonObject().put("b", 1).put("a", new JsonObject().put("z", "\"q\"").put("y", null))
        .put("c", new JsonArray().add(new JsonObject().put("k", true).put("j", 2.5)));
    assertThat(SendFingerprints.canonical(value))
        .isEqualTo("{\"a\":{\"y\":null,\"z\":\"\\\"q\\\"\"},\"b\":1,\"c\":[{\"j\":2.5,\"k\":true}]}");
  }

  @Test
  void defaultsAndNormalisationDoNotChangeTheFingerprint() {
    String plain = fingerprint(request(), List.of());
    assertThat(plain).matches("[0-9a-f]{64}");
    assertThat(fingerprint(new JsonObject().put("body", "B").put("subject", "S").put("recipient", "A@Example.com")
        .put("from", " Postbox <NO-REPLY@example.gov> ").put("disable_tracking", "false").put("cc", "[]")
        .put("tag", null), List.of())).isEqualTo(plain);
    assertThat(fingerprint(request().put("cc", new JsonArray().add("y@example.com").add("x@example.com")), List.of()))
        .isEqualTo(fingerprint(request().put("cc", "[\"x@example.com\", \"Y@example.com\"]"), List.of()));
  }

  @Test
  void everyFieldCounts() {
    String plain = fingerprint(request(), List.of());
    for (JsonObject changed : List.of(request().put("subject", "T"), request().put("body", "C"),
        request().put("recipient", "b@example.com"), request().put("reply_to", "r@example.com"),
        request().put("tag", "t"), request().put("classification", "URGENT"), request().put("disable_tracking", true),
        request().put("cc", new JsonArray().add("x@example.com")), request().put("bcc", "[\"x@example.com\"]"),
        request().put("from", "Other <no-reply@example.gov>"))) {
      assertThat(fingerprint(changed, List.of())).as(changed.encode()).isNotEqualTo(plain);
    }
    assertThat(fingerprint(request().put("cc", new JsonArray().add("x@example.com")), List.of()))
        .isNotEqualTo(fingerprint(request().put("bcc", new JsonArray().add("x@example.com")), List.of()));
  }

  @Test
  void attachmentsCountByNameSizeContentAndOrder() {
    SendBody.Upload a = new SendBody.Upload("a.txt", Buffer.buffer("hello"));
    SendBody.Upload b = new SendBody.Upload("b.txt", Buffer.buffer("world"));
    String both = fingerprint(request(), List.of(a, b));
    assertThat(fingerprint(request(), List.of(a, b))).isEqualTo(both);
    assertThat(fingerprint(request(), List.of(b, a))).isNotEqualTo(both);
    assertThat(fingerprint(request(), List.of(a, new SendBody.Upload("b.txt", Buffer.buffer("World")))))
        .isNotEqualTo(both);
    assertThat(fingerprint(request(), List.of(a))).isNotEqualTo(fingerprint(request(), List.of()));
    JsonObject canonical = fingerprints.canonicalRequest(validator.validate(request()).request(), List.of(a));
    assertThat(canonical.getJsonArray("attachments")).containsExactly(new JsonObject()
        .put("fileName", "a.txt").put("fileSize", 5).put("hash", "5d41402abc4b2a76b9719d911017c592"));
  }

  @Test
  void theClaimReplyDecides() {
    assertThat(IdempotentSends.decide(new Claimed(UUID.randomUUID(), null, null, null, null), "f"))
        .isEqualTo(IdempotentSends.Decision.PROCEED);
    assertThat(IdempotentSends.decide(held("g", "finished"), "f")).isEqualTo(IdempotentSends.Decision.MISMATCH);
    assertThat(IdempotentSends.decide(held("g", "in_flight"), "f")).isEqualTo(IdempotentSends.Decision.MISMATCH);
    assertThat(IdempotentSends.decide(held("f", "in_flight"), "f")).isEqualTo(IdempotentSends.Decision.IN_PROGRESS);
    assertThat(IdempotentSends.decide(held("f", "finished"), "f")).isEqualTo(IdempotentSends.Decision.REPLAY);
  }

  /** The failure a requester sees when a consumer answers {@code message.fail(status, envelope)} (SPEC §19). */
  private static ReplyException overTheBus(ApiError error) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, error.status(), error.toJson().encode());
  }

  private static Claimed held(String fingerprint, String state) {
    return new Claimed(null, fingerprint, state, null, null);
  }

  @Test
  void onlyProviderUnavailableOrNoDispatcherReleasesTheKey() {
    ApiError unavailable = new ApiError(503, "provider_unavailable", "x");
    assertThat(IdempotentSends.ending(new ApiErrorException(unavailable), "r").kind()).isEqualTo(Kind.RELEASE);
    assertThat(IdempotentSends.ending(overTheBus(unavailable), null).kind()).isEqualTo(Kind.RELEASE);
    assertThat(IdempotentSends.ending(new ReplyException(ReplyFailure.NO_HANDLERS, "none"), "r").kind())
        .isEqualTo(Kind.RELEASE);
    assertThat(IdempotentSends.ending(new ReplyException(ReplyFailure.TIMEOUT, "t"), "r").kind())
        .isEqualTo(Kind.LEAVE_IN_FLIGHT);
    ApiError invalid = new ApiError(400, "invalid_template", "y");
    assertThat(IdempotentSends.ending(overTheBus(invalid), "r")).isEqualTo(new Ending(Kind.STORE, invalid));
    assertThat(IdempotentSends.ending(new IllegalStateException(), "req-1"))
        .isEqualTo(new Ending(Kind.STORE, ApiError.internal("req-1")));
    ApiError internal = new ApiError(500, "internal_server", "Internal Server Error");
    assertThat(IdempotentSends.ending(overTheBus(internal), null)).isEqualTo(new Ending(Kind.STORE, internal));
  }
}
