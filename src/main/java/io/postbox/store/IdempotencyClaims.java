package io.postbox.store;

import io.postbox.contract.IdempotencyStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The rows of {@code idempotency_keys} (SPEC §17): claim, finish, release, purge. The api decides what a
 * claim's answer means; this class only makes the claim atomic.
 */
public final class IdempotencyClaims implements IdempotencyStore {
  static final String KEPT = "24 hours";
  static final String ABANDONED_AFTER = "60 seconds";

  /** A row may be taken over when it has expired, or when its in-flight claim is older than 60 s. */
  private static final String TAKEABLE = "(k.expires_at <= EXCLUDED.created_at OR (k.state = 'in_flight' "
      + "AND k.created_at <= EXCLUDED.created_at - interval '" + ABANDONED_AFTER + "'))";

  /**
   * One statement, race-free across requests and nodes: the insert wins for a new key; on a conflict the
   * row is locked and either taken over (every column replaced) or left as it is (every column set to
   * itself), and in both cases returned as it now stands. The caller holds the claim exactly when the
   * returned claim_id is the one it proposed.
   */
  private static final String CLAIM = """
      INSERT INTO idempotency_keys AS k (user_id, key, fingerprint, state, claim_id, created_at, expires_at)
      VALUES ($1, $2, $3, 'in_flight', $4, date_trunc('milliseconds', now()),
              date_trunc('milliseconds', now()) + interval '%2$s')
      ON CONFLICT (user_id, key) DO UPDATE SET
        fingerprint = CASE WHEN %1$s THEN EXCLUDED.fingerprint ELSE k.fingerprint END,
        state = CASE WHEN %1$s THEN EXCLUDED.state ELSE k.state END,
        claim_id = CASE WHEN %1$s THEN EXCLUDED.claim_id ELSE k.claim_id END,
        response_code = CASE WHEN %1$s THEN NULL ELSE k.response_code END,
        response_body = CASE WHEN %1$s THEN NULL ELSE k.response_body END,
        created_at = CASE WHEN %1$s THEN EXCLUDED.created_at ELSE k.created_at END,
        expires_at = CASE WHEN %1$s THEN EXCLUDED.expires_at ELSE k.expires_at END
      RETURNING k.claim_id = $4 AS claimed, k.fingerprint, k.state, k.response_code, k.response_body"""
      .formatted(TAKEABLE, KEPT);

  private static final String FINISH = """
      UPDATE idempotency_keys SET state = 'finished', response_code = $4, response_body = $5
      WHERE user_id = $1 AND key = $2 AND claim_id = $3 AND state = 'in_flight'""";

  private static final String RELEASE = """
      DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND claim_id = $3 AND state = 'in_flight'""";

  private static final String PURGE = "DELETE FROM idempotency_keys WHERE expires_at < now()";

  private final Pool pool;

  public IdempotencyClaims(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Claimed> claim(Claim claim) {
    UUID claimId = UUID.randomUUID();
    Tuple args = Tuple.of(claim.userId(), claim.key(), claim.fingerprint(), claimId);
    return pool.preparedQuery(CLAIM).execute(args).map(rows -> {
      Row row = rows.iterator().next();
      if (row.getBoolean("claimed")) {
        return new Claimed(claimId, null, null, null, null);
      }
      return new Claimed(null, row.getString("fingerprint"), row.getString("state"), row.getInteger("response_code"),
          (JsonObject) row.getValue("response_body"));
    });
  }

  @Override
  public Future<Void> finish(Finish finish) {
    Held held = finish.held();
    Tuple args = Tuple.of(held.userId(), held.key(), held.claimId(), finish.responseCode(), finish.responseBody());
    return pool.preparedQuery(FINISH).execute(args).mapEmpty();
  }

  @Override
  public Future<Void> release(Held held) {
    Tuple args = Tuple.of(held.userId(), held.key(), held.claimId());
    return pool.preparedQuery(RELEASE).execute(args).mapEmpty();
  }

  /** Deletes expired keys; completes with how many. */
  public Future<Integer> purgeExpired() {
    return pool.query(PURGE).execute().map(rows -> rows.rowCount());
  }
}
