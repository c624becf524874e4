package io.postbox.contract;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * The per-user suppression lists of SPEC §27 as the store keeps them: the api's routes, and the check of one address
 * against the caller's list and the global blacklist of §12. Addresses are lowercase.
 */
public interface SuppressionStore {
  Endpoint<NewSuppression, Added> ADD = new Endpoint<>("postbox.internal.store.suppressions.add.v1",
      NewSuppression.class, Added.class);
  Endpoint<SuppressionQuery, SuppressionPage> LIST = new Endpoint<>("postbox.internal.store.suppressions.list.v1",
      SuppressionQuery.class, SuppressionPage.class);
  Endpoint<SuppressionRef, Suppression> GET = new Endpoint<>("postbox.internal.store.suppressions.get.v1",
      SuppressionRef.class, Suppression.class);
  Endpoint<SuppressionRef, Void> DELETE = new Endpoint<>("postbox.internal.store.suppressions.delete.v1",
      SuppressionRef.class, Void.class);
  Endpoint<SuppressionRef, Check> CHECK = new Endpoint<>("postbox.internal.store.suppressions.check.v1",
      SuppressionRef.class, Check.class);
  List<Endpoint<?, ?>> ENDPOINTS = List.of(ADD, LIST, GET, DELETE, CHECK);

  /** A manual entry; the existing entry, whatever its reason, when the address is already on the list. */
  Future<Added> add(NewSuppression suppression);

  /** Newest first, from just after {@code after} when given. */
  Future<SuppressionPage> list(SuppressionQuery query);

  /** This and {@link #delete} fail 404 when the caller's list does not hold the address. */
  Future<Suppression> get(SuppressionRef ref);

  Future<Void> delete(SuppressionRef ref);

  /** The global list first: an address on it stays suppressed whatever the user removes. */
  Future<Check> check(SuppressionRef ref);

  /** SPEC §27 spells the values of {@code reason} and {@code origin} in lowercase. */
  String MANUAL = "manual";
  String COMPLAINT = "complaint";
  String ORIGIN_API = "api";
  String ORIGIN_SES = "ses";
  String SCOPE_GLOBAL = "global";
  String SCOPE_USER = "user";

  record NewSuppression(long userId, String address) {
  }

  record SuppressionRef(long userId, String address) {
  }

  /** The position of the last entry of the previous page: newest first by creation time, then address. */
  record Position(Instant createdAt, String address) {
  }

  /** {@code reason} null for any; {@code after} null for the first page. */
  record SuppressionQuery(long userId, String reason, int limit, Position after) {
  }

  /** {@code emailId} null for manual entries. */
  record Suppression(String address, String reason, String origin, Long emailId, Instant createdAt) {
  }

  record Added(Suppression suppression, boolean created) {
  }

  record SuppressionPage(boolean hasMore, List<Suppression> data) {
  }

  /** {@code scope} and {@code reason} null when the address is not suppressed. */
  record Check(String address, boolean suppressed, String scope, String reason) {
  }
}
