package io.postbox.contract;

/** Carries an {@link ApiError} through a failed future inside one module. */
public final class ApiErrorException extends RuntimeException {
  private final ApiError error;
  private final int retryAfterSeconds;

  public ApiErrorException(ApiError error) {
    this(error, 0);
  }

  /** An error whose HTTP answer carries {@code Retry-After} (503 of SPEC §10). */
  public ApiErrorException(ApiError error, int retryAfterSeconds) {
    super(error.code() + ": " + error.message(), null, false, false);
    this.error = error;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public ApiError error() {
    return error;
  }
}
