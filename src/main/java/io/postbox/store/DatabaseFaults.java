package io.postbox.store;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Set;

/**
 * SPEC §24: which store failures mean "the database is out of reach for now" (answered 503 with Retry-After), and
 * which of those are safe to run again because nothing can have been committed.
 */
final class DatabaseFaults {
  /** Shutting down, crash shutdown, starting up, too many connections, serialization, deadlock, cancelled. */
  private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "53300", "40001", "40P01",
      "57014");
  /** Refused before any work (cannot connect now, too many connections, no connection made), or rolled back. */
  private static final Set<String> RETRYABLE_STATES = Set.of("57P03", "53300", "08001", "08004", "40001", "40P01");
  private static final String POOL_TIMEOUT = "Timeout waiting for connection";
  private static final String NOT_ACTIVE = "Connection is not active now";
  private static final String POOL_CLOSED = "Pool closed";

  private DatabaseFaults() {
  }

  /** The database is unreachable, starting, stopping, saturated, or gave up on the statement. */
  static boolean isTransient(Throwable failure) {
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState();
      return state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state));
    }
    return failure instanceof IOException
        || failure instanceof ClosedConnectionException
        || isClientConnectionFailure(failure)
        || POOL_CLOSED.equals(failure.getMessage());
  }

  /**
   * Nothing reached PostgreSQL, or PostgreSQL rolled the work back: the connection could not be made or acquired,
   * the pooled connection was already closed before the statement went out, or a serialization failure or deadlock.
   * A connection lost while a statement ran is not here: its commit may have happened.
   */
  static boolean isSafeToRetry(Throwable failure) {
    if (failure instanceof PgException pg) {
      return RETRYABLE_STATES.contains(pg.getSqlState());
    }
    return failure instanceof ConnectException || isClientConnectionFailure(failure);
  }

  private static boolean isClientConnectionFailure(Throwable failure) {
    // the pg client reports these (and a closed pool, when the node stops) without a type of their own
    String message = failure.getMessage();
    return failure instanceof VertxException && message != null
        && (message.startsWith(POOL_TIMEOUT) || message.startsWith(NOT_ACTIVE));
  }

  /**
   * The database itself is out of reach (as opposed to one statement that was cancelled, or lost a serialization
   * or deadlock race): these start and end an outage in the log.
   */
  static boolean isOutage(Throwable failure) {
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState();
      return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
    }
    return isTransient(failure);
  }

  /** A one-line description for the outage log, without SQL or parameters. */
  static String describe(Throwable failure) {
    if (failure instanceof PgException pg) {
      return "SQLSTATE " + pg.getSqlState();
    }
    return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }
}
