package io.postbox.dispatch;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * SPEC §10's rule for a failed SES v2 {@code SendEmail} call. The SES error name is the error code the SDK read
 * from {@code x-amzn-ErrorType} (or the body's {@code __type}/{@code code}): {@code MessageRejected},
 * {@code MailFromDomainNotVerifiedException}, {@code TooManyRequestsException}, … exactly as SES spells them.
 */
final class SesErrorClassifier {
  private static final Set<String> THROTTLING = Set.of("TooManyRequestsException", "LimitExceededException");
  private static final String DAILY_QUOTA = "daily message quota exceeded";
  private static final String SENDING_RATE = "maximum sending rate exceeded";

  private SesErrorClassifier() {
  }

  static SesAttemptOutcome classify(Throwable error) {
    Throwable failure = unwrap(error);
    if (failure instanceof SesSendException decided) {
      return SesAttemptOutcome.last(decided);
    }
    if (failure instanceof AwsServiceException service) {
      return classifyService(service);
    }
    if (hasTimeout(failure)) {
      return SesAttemptOutcome.retry(SesSendException.unavailable("Timeout", failure));
    }
    if (failure instanceof SdkClientException && hasCause(failure, IOException.class)) {
      return SesAttemptOutcome.retry(SesSendException.unavailable("ConnectionError", failure));
    }
    // Missing credentials, an unmarshallable response and the like: another try would meet the same problem.
    return SesAttemptOutcome.last(SesSendException.unavailable("ClientError", failure));
  }

  private static SesAttemptOutcome classifyService(AwsServiceException service) {
    String name = errorName(service);
    String message = message(service);
    int status = service.statusCode();
    if (message.contains(DAILY_QUOTA)) {
      return SesAttemptOutcome.last(SesSendException.dailyQuotaExceeded(service));
    }
    if (THROTTLING.contains(name) || service.isThrottlingException() || message.contains(SENDING_RATE)) {
      return SesAttemptOutcome.retry(SesSendException.unavailable(name, service));
    }
    if (status >= 500) {
      return SesAttemptOutcome.retry(SesSendException.unavailable(name, service));
    }
    return SesAttemptOutcome.last(SesSendException.rejected(name, service));
  }

  /** The SES error name; {@code HTTP<status>} when the response named none. */
  static String errorName(AwsServiceException service) {
    String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
    return code == null || code.isBlank() ? "HTTP" + service.statusCode() : code;
  }

  private static String message(AwsServiceException service) {
    String details = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
    String text = (details == null ? "" : details) + " " + (service.getMessage() == null ? "" : service.getMessage());
    return text.toLowerCase(Locale.ROOT);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable failure = error;
    while ((failure instanceof CompletionException || failure instanceof ExecutionException)
        && failure.getCause() != null) {
      failure = failure.getCause();
    }
    return failure;
  }

  private static boolean hasTimeout(Throwable failure) {
    return hasCause(failure, ApiCallTimeoutException.class) || hasCause(failure, ApiCallAttemptTimeoutException.class)
        || hasCause(failure, TimeoutException.class) || hasCause(failure, SocketTimeoutException.class);
  }

  private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
