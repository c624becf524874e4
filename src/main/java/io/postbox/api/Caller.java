package io.postbox.api;

/** The authenticated user behind a request. */
record Caller(long userId, int rateLimit) {
}
