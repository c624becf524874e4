package io.postbox.api;

import io.postbox.contract.AccountStore;
import io.postbox.contract.Ingest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * Readiness of SPEC §21.3: the database (through the store), SQS polling where this node polls, and cluster
 * membership when clustered. Each check answers within two seconds; any DOWN makes the node not ready.
 */
final class HealthChecks {
  private static final long QUICK_MILLIS = 2_000;
  private final Vertx vertx;
  private final AccountStore accounts;
  private final Ingest ingest;

  HealthChecks(Vertx vertx, AccountStore accounts, Ingest ingest) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.ingest = ingest;
  }

  Future<JsonObject> ready() {
    Future<String> database = accounts.ping().timeout(QUICK_MILLIS, TimeUnit.MILLISECONDS)
        .map(up -> "UP")
        .otherwise("DOWN");
    Future<String> sqs = ingest.health().map(Ingest.SqsReadiness::sqs)
        .otherwise(failure -> failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
            ? "DISABLED" : "DOWN");
    return Future.join(database, sqs).transform(done -> {
      JsonArray checks = new JsonArray().add(check("database", database.result()));
      if (!"DISABLED".equals(sqs.result())) {
        checks.add(check("sqs", sqs.result()));
      }
      if (vertx.isClustered()) {
        checks.add(check("cluster", ((VertxInternal) vertx).clusterManager().isActive() ? "UP" : "DOWN"));
      }
      boolean up = checks.stream().allMatch(check -> "UP".equals(((JsonObject) check).getString("status")));
      return Future.succeededFuture(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
    });
  }

  private static JsonObject check(String id, String status) {
    return new JsonObject().put("id", id).put("status", status);
  }
}
