package io.postbox.store;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.EncodeException;
import io.vertx.pgclient.PgException;
import java.time.DateTimeException;
import java.util.Set;

/**
 * Whether a failed ingest batch failed because of what one of its messages holds (SPEC §24), so that splitting the
 * batch finds the message at fault: PostgreSQL data exceptions (class 22, e.g. a NUL in text), integrity violations
 * (23) and program limits (54, e.g. an address too long for its index), or a value our own code cannot read.
 * Everything else (connection lost, serialization failure, deadlock, timeouts, a bug in a statement) is not the
 * data's fault and leaves the batch failing, for its callers to try again.
 */
final class PoisonFailures {
  private static final Set<String> DATA_CLASSES = Set.of("22", "23", "54");

  private PoisonFailures() {
  }

  static boolean isPoison(Throwable failure) {
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState();
      return state != null && state.length() == 5 && DATA_CLASSES.contains(state.substring(0, 2));
    }
    return failure instanceof IllegalArgumentException || failure instanceof DateTimeException
        || failure instanceof NullPointerException || failure instanceof ClassCastException
        || failure instanceof IndexOutOfBoundsException || failure instanceof DecodeException
        || failure instanceof EncodeException;
  }

  /** What a log line may say about the failure: its type and SQLSTATE, never its message (which may quote data). */
  static String describe(Throwable failure) {
    return failure instanceof PgException pg
        ? "SQLSTATE " + pg.getSqlState()
        : failure.getClass().getSimpleName();
  }
}
