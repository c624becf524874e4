package io.postbox.api;

import io.postbox.contract.KeyScope;

/** The authenticated user behind a request, with what its key may do and whether it is a test key (SPEC §28). */
record Caller(long userId, int rateLimit, KeyScope scope, boolean test) {
}
