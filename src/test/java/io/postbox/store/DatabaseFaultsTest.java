package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which store failures are 503 (SPEC §24) and which of those the store may run again. */
class DatabaseFaultsTest {
  @ParameterizedTest
  @CsvSource({
      "08006, true, false", "08001, true, true", "57P01, true, false", "57P02, true, false", "57P03, true, true",
      "53300, true, true", "40001, true, true", "40P01, true, true", "57014, true, false",
      "23505, false, false", "42P01, false, false", "22P02, false, false"})
  void sqlStates(String state, boolean transientFault, boolean safeToRetry) {
    PgException failure = new PgException("message", "ERROR", state, null);
    assertThat(DatabaseFaults.isTransient(failure)).isEqualTo(transientFault);
    assertThat(DatabaseFaults.isSafeToRetry(failure)).isEqualTo(safeToRetry);
  }

  @ParameterizedTest
  @CsvSource({"Timeout waiting for connection, true", "'Connection is not active now, current status: CLOSED', true",
      "Something else, false"})
  void clientMessages(String message, boolean transientFault) {
    VertxException failure = new VertxException(message, true);
    assertThat(DatabaseFaults.isTransient(failure)).isEqualTo(transientFault);
    assertThat(DatabaseFaults.isSafeToRetry(failure)).isEqualTo(transientFault);
  }

  @Test
  void aLostConnectionIs503ButOnlyARefusedOneIsRetried() {
    assertThat(DatabaseFaults.isTransient(new SocketException("Connection reset"))).isTrue();
    assertThat(DatabaseFaults.isSafeToRetry(new SocketException("Connection reset"))).isFalse();
    assertThat(DatabaseFaults.isTransient(ClosedConnectionException.INSTANCE)).isTrue();
    assertThat(DatabaseFaults.isSafeToRetry(ClosedConnectionException.INSTANCE)).isFalse();
    assertThat(DatabaseFaults.isTransient(new ConnectException("Connection refused"))).isTrue();
    assertThat(DatabaseFaults.isSafeToRetry(new ConnectException("Connection refused"))).isTrue();
    assertThat(DatabaseFaults.isTransient(new IllegalStateException("bug"))).isFalse();
  }
}
