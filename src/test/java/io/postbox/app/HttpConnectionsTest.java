package io.postbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §24: idle connections are closed (API and pixel servers) and a node holds at most http.maxConnections. */
class HttpConnectionsTest {
  private static TestPostbox idle;
  private static TestPostbox capped;

  @BeforeAll
  static void start() {
    idle = TestPostbox.start(Map.of("POSTBOX_HTTP_IDLE_TIMEOUT_SECONDS", "1"));
    capped = TestPostbox.start(Map.of("POSTBOX_HTTP_MAX_CONNECTIONS", "3"));
  }

  @AfterAll
  static void stop() {
    idle.close();
    capped.close();
  }

  private static int port(TestPostbox postbox, String server) {
    return postbox.config.getJsonObject(server).getInteger("port");
  }

  /** Asks for {@code path} on an open connection (keep-alive) and returns the status line, or null at EOF. */
  private static String request(Socket socket, String path) throws IOException {
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.append((char) b);
    }
    String lengthHeader = head.toString().lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
        .findFirst().orElse("content-length: 0");
    in.readNBytes(Integer.parseInt(lengthHeader.substring(lengthHeader.indexOf(':') + 1).trim()));
    return head.toString().lines().findFirst().orElseThrow();
  }

  /** Milliseconds until the server closes the connection; fails if it stays open for {@code withinMillis}. */
  private static long millisUntilClosed(Socket socket, int withinMillis) throws IOException {
    long started = System.nanoTime();
    socket.setSoTimeout(withinMillis);
    try {
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    } catch (SocketTimeoutException stillOpen) {
      throw new AssertionError("connection still open after " + withinMillis + " ms");
    } catch (IOException reset) {
      // closed as well
    }
    return (System.nanoTime() - started) / 1_000_000;
  }

  @Test
  void idleConnectionsAreClosedOnTheApiAndPixelServers() throws IOException {
    for (String server : List.of("http", "tracking")) {
      try (Socket silent = new Socket("127.0.0.1", port(idle, server))) {
        assertThat(millisUntilClosed(silent, 10_000)).as(server).isBetween(500L, 10_000L);
      }
      try (Socket afterRequest = new Socket("127.0.0.1", port(idle, server))) {
        assertThat(request(afterRequest, server.equals("http") ? "/health/live" : "/t/x.gif")).isNotNull();
        assertThat(millisUntilClosed(afterRequest, 10_000)).as(server).isBetween(500L, 10_000L);
      }
    }
  }

  @Test
  void aNodeHoldsAtMostMaxConnectionsAndAcceptsAgainWhenOneCloses() throws Exception {
    int port = port(capped, "http");
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket socket = new Socket("127.0.0.1", port);
        held.add(socket);
        assertThat(request(socket, "/health/live")).isEqualTo("HTTP/1.1 200 OK");
      }
      try (Socket refused = new Socket("127.0.0.1", port)) {
        refused.setSoTimeout(10_000);
        String answer;
        try {
          answer = request(refused, "/health/live");
        } catch (IOException reset) {
          answer = null;
        }
        assertThat(answer).as("a fourth connection gets no answer").isNull();
      }
      held.remove(0).close();
      long deadline = System.currentTimeMillis() + 10_000;
      String answer = null;
      while (answer == null && System.currentTimeMillis() < deadline) {
        try (Socket again = new Socket("127.0.0.1", port)) {
          again.setSoTimeout(5_000);
          answer = request(again, "/health/live");
        } catch (IOException notYet) {
          answer = null;
        }
      }
      assertThat(answer).isEqualTo("HTTP/1.1 200 OK");
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }
}
