package io.postbox.contract;

/** Carries an {@link ApiError} through a failed future inside one module. */
public final class ApiErrorException extends RuntimeException {
  private final ApiError error;

  public ApiErrorException(ApiError error) {
    super(error.code() + ": " + error.message(), null, false, false);
    this.error = error;
  }

  public ApiError error() {
    return error;
  }
}
