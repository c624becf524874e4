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
  private static final int MAX_PROCESSING = 4;

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
  private int processing;
  private boolean receivePaused;
  private boolean backOffNext;

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
      }
      if (!started) {
        ended.tryComplete();
      } else if (receiving != null) {
        receiving.cancel(true);
      } else {
        endWhenIdle();
      }
    });
    return ended.future();
  }

  /** When a receive last succeeded, whether or not it brought messages. */
  Optional<Instant> lastReceiveAt() {
    return Optional.ofNullable(lastReceiveAt);
  }

  private void receive(int waitSeconds) {
    if (stopping) {
      endWhenIdle();
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
        List<Message> messages = received.result().messages();
        if (messages.isEmpty()) {
          receive(tuning.waitSeconds());
          return;
        }
        processing++;
        process(messages).onComplete(progressed -> afterProcessing(progressed.result()));
        // the next receive overlaps this batch's commits and deletes, up to MAX_PROCESSING batches at once
        if (backOffNext) {
          backOff();
        } else if (processing < MAX_PROCESSING) {
          receive(tuning.waitSeconds());
        } else {
          receivePaused = true;
        }
      } else if (stopping) {
        endWhenIdle();
      } else {
        LOG.warn("Receiving from {} failed; retrying in {} ms", queueUrl, nextBackoff.toMillis(), received.cause());
        backOff();
      }
    });
  }

  private void afterProcessing(boolean progressed) {
    processing--;
    if (progressed) {
      nextBackoff = tuning.firstBackoff();
    } else {
      backOffNext = true;
    }
    if (stopping) {
      endWhenIdle();
    } else if (receivePaused) {
      receivePaused = false;
      if (backOffNext) {
        backOff();
      } else {
        receive(tuning.waitSeconds());
      }
    }
  }

  private void endWhenIdle() {
    if (processing == 0 && receiving == null) {
      ended.tryComplete();
    }
  }

  private void backOff() {
    backOffNext = false;
    if (stopping) {
      endWhenIdle();
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
