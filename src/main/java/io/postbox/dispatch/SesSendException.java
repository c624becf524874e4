package io.postbox.dispatch;

import io.postbox.contract.ApiError;

/**
 * Why SES did not take a message (SPEC §9.3, §10): the row's {@code error_code} and {@code error_sub_type}, and
 * for {@code Provider unavailable} the seconds a client should wait before trying again.
 */
public final class SesSendException extends RuntimeException {
  public static final String PROVIDER_REJECTED = "Provider rejected";
  public static final String PROVIDER_UNAVAILABLE = "Provider unavailable";
  static final int RETRY_AFTER_SECONDS = 5;
  static final int DAILY_QUOTA_RETRY_AFTER_SECONDS = 600;

  private final String errorCode;
  private final String errorSubType;
  private final int retryAfterSeconds;

  SesSendException(String errorCode, String errorSubType, int retryAfterSeconds, Throwable cause) {
    super(errorCode + " (" + errorSubType + ")", cause, false, false);
    this.errorCode = errorCode;
    this.errorSubType = errorSubType;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static SesSendException rejected(String sesErrorName, Throwable cause) {
    return new SesSendException(PROVIDER_REJECTED, sesErrorName, 0, cause);
  }

  static SesSendException unavailable(String subType, Throwable cause) {
    return new SesSendException(PROVIDER_UNAVAILABLE, subType, RETRY_AFTER_SECONDS, cause);
  }

  static SesSendException dailyQuotaExceeded(Throwable cause) {
    return new SesSendException(PROVIDER_UNAVAILABLE, "DailyQuotaExceeded", DAILY_QUOTA_RETRY_AFTER_SECONDS, cause);
  }

  static SesSendException sendRateExceeded() {
    return new SesSendException(PROVIDER_UNAVAILABLE, "SendRateExceeded", RETRY_AFTER_SECONDS, null);
  }

  public String errorCode() {
    return errorCode;
  }

  public String errorSubType() {
    return errorSubType;
  }

  /** The {@code Retry-After} value for a 503; 0 for a rejection, which retrying will not cure. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public boolean rejected() {
    return PROVIDER_REJECTED.equals(errorCode);
  }

  /** The response of SPEC §10's outcome table. */
  public ApiError apiError() {
    return rejected()
        ? new ApiError(502, "provider_error", "The email provider rejected the message")
        : new ApiError(503, "provider_unavailable", "The email provider is temporarily unavailable");
  }

  SendFailure toSendFailure() {
    return new SendFailure(errorCode, errorSubType, apiError(), retryAfterSeconds);
  }
}
