package io.postbox.contract;

import io.vertx.core.Future;
import java.util.List;

/** SES event ingestion (SPEC §11): one raw message, or one body of the SNS HTTPS callback. */
public interface Ingest {
  Endpoint<RawMessage, Outcome> RAW = new Endpoint<>("postbox.internal.ingest.raw.v1",
      RawMessage.class, Outcome.class);
  Endpoint<CallbackBody, CallbackStatus> CALLBACK = new Endpoint<>("postbox.internal.ingest.callback.v1",
      CallbackBody.class, CallbackStatus.class);
  /** Answered on each ingest node for that node only (SPEC §21.3 readiness). */
  Endpoint<Void, SqsReadiness> HEALTH = new Endpoint<>("postbox.internal.ingest.health.v1",
      Void.class, SqsReadiness.class);
  List<Endpoint<?, ?>> ENDPOINTS = List.of(RAW, CALLBACK, HEALTH);

  /** Parses, verifies and applies one message; completes once its effects or its reject are committed. */
  Future<Outcome> raw(RawMessage message);

  /** A callback body after the api checked Basic auth; answers the HTTP status of SPEC §11.6. */
  Future<CallbackStatus> callback(CallbackBody body);

  /** The SQS polling of this node; no answer when the node runs no ingest. */
  Future<SqsReadiness> health();

  /** {@code source}: where it came from (sqs, sandbox, callback, ...), kept with a reject. */
  record RawMessage(String source, String body) {
  }

  /** {@code outcome}: applied, rejected, or what an SNS control message came to. */
  record Outcome(String outcome) {
  }

  /** {@code rawDelivery}: the header {@code x-amz-sns-rawdelivery: true} was present. */
  record CallbackBody(String body, boolean rawDelivery) {
  }

  record CallbackStatus(int status) {
  }

  /** {@code sqs}: UP, DOWN or DISABLED; {@code lastPollAt}: the last successful receive, ISO-8601, or null. */
  record SqsReadiness(String sqs, String lastPollAt) {
  }
}
