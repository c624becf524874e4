package io.postbox.api;

import io.postbox.contract.ApiError;
import java.util.Objects;
import java.util.function.Function;

/** Either a value or the {@link ApiError} that stopped it from being produced. */
record ApiErrorOr<T>(ApiError error, T value) {

  public ApiErrorOr {
    if ((error == null) == (value == null)) {
      throw new IllegalArgumentException("exactly one of error and value must be set");
    }
  }

  public static <T> ApiErrorOr<T> of(T value) {
    return new ApiErrorOr<>(null, Objects.requireNonNull(value, "value"));
  }

  public static <T> ApiErrorOr<T> failure(ApiError error) {
    return new ApiErrorOr<>(Objects.requireNonNull(error, "error"), null);
  }

  static <T> ApiErrorOr<T> validationFailure(String message) {
    return failure(ApiError.validation(message));
  }

  public boolean failed() {
    return error != null;
  }

  /** The next step's result when this one has a value; this failure otherwise. */
  public <U> ApiErrorOr<U> flatMap(Function<T, ApiErrorOr<U>> next) {
    return failed() ? failure(error) : next.apply(value);
  }
}
