package io.postbox.dispatch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2AsyncClient;
import software.amazon.awssdk.services.sesv2.SesV2AsyncClientBuilder;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/**
 * SPEC §10 on Amazon SES v2: raw {@code SendEmail} with the {@code postbox_email_id} tag and the configuration set,
 * one {@link SendSlots} slot per attempt, and postbox's own retry rule ({@link SesRetryPolicy}, the SDK's retries are
 * off). Failures are {@link SesSendException}s. The returned future completes on the caller's Vert.x context.
 */
public final class SesV2Gateway implements SesGateway, AutoCloseable {
  static final String EMAIL_ID_TAG = "postbox_email_id";

  private final Vertx vertx;
  private final SesV2AsyncClient client;
  private final SendSlots slots;
  private final SesRetryPolicy policy;
  private final AutoCloseable credentials;

  SesV2Gateway(Vertx vertx, SesV2AsyncClient client, SendSlots slots, SesRetryPolicy policy) {
    this(vertx, client, slots, policy, () -> { });
  }

  private SesV2Gateway(Vertx vertx, SesV2AsyncClient client, SendSlots slots, SesRetryPolicy policy,
      AutoCloseable credentials) {
    this.vertx = vertx;
    this.client = client;
    this.slots = slots;
    this.policy = policy;
    this.credentials = credentials;
  }

  /**
   * The gateway for {@code config} (SPEC §21.1), with credentials from the default AWS provider chain and a
   * {@link LocalSendSlots} shared by the node's dispatch instances (cluster-wide slots when clustered). Building the client and the first credential lookup do blocking I/O, so they run
   * on a worker; a setup without credentials fails here, at start-up, rather than at the first send.
   */
  public static Future<SesV2Gateway> create(Vertx vertx, JsonObject config) {
    SesSettings settings = SesSettings.from(config);
    if (settings.region() == null || settings.region().isBlank()) {
      return Future.failedFuture(
          new IllegalArgumentException("aws.region (POSTBOX_AWS_REGION) is required to send through SES"));
    }
    SendSlots slots;
    try {
      slots = vertx.isClustered()
          ? new ClusterSendSlots(vertx, settings.maxSendRate())
          : LocalSendSlots.ofNode(vertx, settings.maxSendRate());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> {
      DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder()
          .asyncCredentialUpdateEnabled(true)
          .build();
      try {
        credentials.resolveCredentials();
      } catch (RuntimeException e) {
        credentials.close();
        throw new IllegalStateException("No AWS credentials from the default provider chain: " + e.getMessage(), e);
      }
      return new SesV2Gateway(vertx, client(settings, credentials), slots, SesRetryPolicy.SPEC, credentials);
    }, false);
  }

  static SesV2AsyncClient client(SesSettings settings, AwsCredentialsProvider credentials) {
    SesV2AsyncClientBuilder builder = SesV2AsyncClient.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    return builder.build();
  }

  @Override
  public Future<String> send(byte[] rawMessage, String emailId, String configurationSet) {
    Context context = vertx.getOrCreateContext();
    SendEmailRequest request = SendEmailRequest.builder()
        .content(content -> content.raw(raw -> raw.data(SdkBytes.fromByteArrayUnsafe(rawMessage))))
        .emailTags(MessageTag.builder().name(EMAIL_ID_TAG).value(emailId).build())
        .configurationSetName(configurationSet)
        .build();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(policy.budgetMillis());
    return attempt(context, request, 1, deadline, null);
  }

  /** {@code previous} is how the last attempt failed; it is the outcome when there is no time for this one. */
  private Future<String> attempt(Context context, SendEmailRequest request, int attempt, long deadline,
      SesSendException previous) {
    long slotWait = Math.min(SendSlots.MAX_WAIT_MILLIS, remainingMillis(deadline) - policy.minAttemptMillis());
    if (previous != null && slotWait < 0) {
      return Future.failedFuture(previous);
    }
    return slots.acquire(Math.max(0, slotWait)).transform(slot -> {
      if (slot.failed()) {
        return Future.failedFuture(previous != null ? previous : SesErrorClassifier.classify(slot.cause()).failure());
      }
      return call(context, request, deadline).recover(error -> {
        SesAttemptOutcome outcome = SesErrorClassifier.classify(error);
        long backoff = policy.backoffMillis(attempt);
        if (!outcome.retryable() || attempt >= policy.maxAttempts()
            || remainingMillis(deadline) - backoff < policy.minAttemptMillis()) {
          return Future.failedFuture(outcome.failure());
        }
        return vertx.timer(backoff, TimeUnit.MILLISECONDS)
            .compose(pause -> attempt(context, request, attempt + 1, deadline, outcome.failure()));
      });
    });
  }

  /** Marshalling and signing hash the whole body (about 20 MB for the largest message), so a worker starts the call. */
  private Future<String> call(Context context, SendEmailRequest request, long deadline) {
    return vertx.executeBlocking(() -> {
      long timeoutMillis = Math.min(policy.attemptTimeoutMillis(), remainingMillis(deadline));
      Duration timeout = Duration.ofMillis(Math.max(1, timeoutMillis));
      return client.sendEmail(request.toBuilder()
          .overrideConfiguration(override -> override.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout))
          .build());
    }, false).compose(sent -> Future.fromCompletionStage(sent, context)).map(SendEmailResponse::messageId);
  }

  private static long remainingMillis(long deadline) {
    return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
  }

  @Override
  public void close() throws Exception {
    client.close();
    credentials.close();
  }
}
