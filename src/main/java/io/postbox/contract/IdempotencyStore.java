package io.postbox.contract;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * The idempotency keys of SPEC §17, kept by the store. The api decides what a claim means; the store only makes
 * the claim atomic across requests and nodes.
 */
public interface IdempotencyStore {
  Endpoint<Claim, Claimed> CLAIM = new Endpoint<>("postbox.internal.store.idempotency.claim.v1",
      Claim.class, Claimed.class);
  Endpoint<Finish, Void> FINISH = new Endpoint<>("postbox.internal.store.idempotency.finish.v1",
      Finish.class, Void.class);
  Endpoint<Held, Void> RELEASE = new Endpoint<>("postbox.internal.store.idempotency.release.v1",
      Held.class, Void.class);
  List<Endpoint<?, ?>> ENDPOINTS = List.of(CLAIM, FINISH, RELEASE);

  /** Takes the key for this request, or tells who holds it. */
  Future<Claimed> claim(Claim claim);

  /** Stores the final answer of the holder; does nothing when the claim was taken over meanwhile. */
  Future<Void> finish(Finish finish);

  /** Gives the key up so that a retry runs afresh. */
  Future<Void> release(Held held);

  record Claim(long userId, String key, String fingerprint) {
  }

  record Held(long userId, String key, UUID claimId) {
  }

  record Finish(Held held, int responseCode, JsonObject responseBody) {
  }

  /**
   * {@code claimId} is set when this request holds the key now; otherwise the other fields describe the request
   * that holds it ({@code state} "in_flight" or "finished").
   */
  record Claimed(UUID claimId, String fingerprint, String state, Integer responseCode, JsonObject responseBody) {
    public boolean claimed() {
      return claimId != null;
    }
  }
}
