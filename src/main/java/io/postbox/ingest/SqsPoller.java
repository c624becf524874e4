package io.postbox.ingest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * One SQS long-poll loop (SPEC §11.1, §11.5): the messages of a receive are ingested concurrently with source
 * {@code sqs}, and those whose ingestion committed (effects or reject) are deleted with one batch delete; the
 * others come back after the visibility timeout. Every step runs on {@code context}, so the loop needs no locks.
 */
final class SqsPoller {
  static final String SOURCE = "sqs";
  private static final Logger LOG = LoggerFactory.getLogger(SqsPoller.class);

  /** The receive parameters and the back-off after a failed receive, or after a receive none of which committed. */
  record Tuning(int waitSeconds, int maxMessages, int visibilitySeconds, Duration firstBackoff, Duration maxBackoff) {
    /** SPEC §22. */
    static final Tuning SPEC = new Tuning(20, 10, 60, Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  private final SqsAsyncClient sqs;
  private final String queueUrl;
  private final BiFunction<String, String, Future<?>> ingestion;
  private final Context context;
  private final Tuning tuning;
  private final Promise<Void> ended = Promise.promise();
  private volatile Instant lastReceiveAt;
  private boolean started;
  private boolean stopping;
  private CompletableFuture<ReceiveMessageResponse> receiving;
  private long backoffTimer = -1;
  private Duration nextBackoff;
  private boolean skipNextDelete;

  SqsPoller(SqsAsyncClient sqs, String queueUrl, BiFunction<String, String, Future<?>> ingestion, Context context,
      Tuning tuning) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.ingestion = ingestion;
    this.context = context;
    this.tuning = tuning;
    this.nextBackoff = tuning.firstBackoff();
  }

  void start() {
    context.runOnContext(ignored -> {
      if (!started && !stopping) {
        started = true;
        // A first receive that does not wait lets readiness see a reachable queue at once.
        receive(0);
      }
    });
  }

  /**
   * Ends the loop: a waiting long poll is abandoned, messages already received are finished first. A server that
   * still answers the abandoned poll hides those messages until their visibility timeout; none is lost.
   */
  Future<Void> stop() {
    context.runOnContext(ignored -> {
      stopping = true;
      if (backoffTimer >= 0) {
        context.owner().cancelTimer(backoffTimer);
        backoffTimer = -1;
        ended.tryComplete();
      } else if (!started) {
        ended.tryComplete();
      } else if (receiving != null) {
        receiving.cancel(true);
      }
    });
    return ended.future();
  }

  /** When a receive last succeeded, whether or not it brought messages. */
  Optional<Instant> lastReceiveAt() {
    return Optional.ofNullable(lastReceiveAt);
  }

  /** Leaves the next committed messages undeleted, as a poller that stops between commit and delete would. */
  void skipNextDelete() {
    context.runOnContext(ignored -> skipNextDelete = true);
  }

  private void receive(int waitSeconds) {
    if (stopping) {
      ended.tryComplete();
      return;
    }
    CompletableFuture<ReceiveMessageResponse> call = sqs.receiveMessage(request -> request.queueUrl(queueUrl)
        .waitTimeSeconds(waitSeconds)
        .maxNumberOfMessages(tuning.maxMessages())
        .visibilityTimeout(tuning.visibilitySeconds()));
    receiving = call;
    Future.fromCompletionStage(call, context).onComplete(received -> {
      receiving = null;
      if (received.succeeded()) {
        lastReceiveAt = Instant.now();
        process(received.result().messages()).onComplete(progressed -> {
          if (progressed.result()) {
            nextBackoff = tuning.firstBackoff();
            receive(tuning.waitSeconds());
          } else {
            backOff();
          }
        });
      } else if (stopping) {
        ended.tryComplete();
      } else {
        LOG.warn("Receiving from {} failed; retrying in {} ms", queueUrl, nextBackoff.toMillis(), received.cause());
        backOff();
      }
    });
  }

  private void backOff() {
    if (stopping) {
      ended.tryComplete();
      return;
    }
    backoffTimer = context.owner().setTimer(nextBackoff.toMillis(), fired -> {
      backoffTimer = -1;
      receive(tuning.waitSeconds());
    });
    Duration doubled = nextBackoff.multipliedBy(2);
    nextBackoff = doubled.compareTo(tuning.maxBackoff()) > 0 ? tuning.maxBackoff() : doubled;
  }

  /** Completes with whether the receive was empty or at least one of its messages committed; never fails. */
  private Future<Boolean> process(List<Message> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture(true);
    }
    List<Future<String>> ingested = messages.stream().map(this::ingest).toList();
    return Future.join(ingested).transform(settled -> {
      List<String> receiptHandles = new ArrayList<>();
      ingested.stream().filter(Future::succeeded).forEach(handle -> receiptHandles.add(handle.result()));
      return delete(receiptHandles).map(!receiptHandles.isEmpty());
    });
  }

  private Future<String> ingest(Message message) {
    Future<?> committed;
    try {
      committed = ingestion.apply(SOURCE, message.body());
    } catch (RuntimeException e) {
      committed = Future.failedFuture(e);
    }
    return committed.map(message.receiptHandle()).onFailure(failure -> LOG.warn(
        "SQS message {} was not ingested; it comes back after the visibility timeout", message.messageId(), failure));
  }

  private Future<Void> delete(List<String> receiptHandles) {
    if (receiptHandles.isEmpty()) {
      return Future.succeededFuture();
    }
    if (skipNextDelete) {
      skipNextDelete = false;
      return Future.succeededFuture();
    }
    List<DeleteMessageBatchRequestEntry> entries = IntStream.range(0, receiptHandles.size())
        .mapToObj(i -> DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
            .receiptHandle(receiptHandles.get(i)).build())
        .toList();
    CompletableFuture<DeleteMessageBatchResponse> call =
        sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
    return Future.fromCompletionStage(call, context)
        .onSuccess(response -> response.failed().forEach(failed -> LOG.warn(
            "Deleting a committed SQS message failed ({} {}); it will be ingested again, harmlessly",
            failed.code(), failed.message())))
        .onFailure(failure -> LOG.warn("Deleting {} committed SQS messages failed; they will be ingested again, "
            + "harmlessly", entries.size(), failure))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
