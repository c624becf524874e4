package io.postbox.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The aws-ses-v2-local SES v2 emulator (npm, 2.10.2) as a child process on a free loopback port. Its binary is
 * {@code POSTBOX_TEST_SES_LOCAL} (set by scripts/test), else {@code .local/npm/node_modules/.bin/aws-ses-v2-local}.
 */
public final class LocalSes implements AutoCloseable {
  private static final String BINARY_ENV = "POSTBOX_TEST_SES_LOCAL";
  private static final Path DEFAULT_BINARY = Path.of(".local/npm/node_modules/.bin/aws-ses-v2-local");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path log;
  private final URI endpoint;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LocalSes(Process process, Path log, URI endpoint) {
    this.process = process;
    this.log = log;
    this.endpoint = endpoint;
  }

  public static LocalSes start() {
    return start(freePort());
  }

  /** On {@code port} of 127.0.0.1, which must be free. */
  public static LocalSes start(int port) {
    Path binary = binary();
    try {
      Path log = Files.createTempFile("aws-ses-v2-local-", ".log");
      Process process = new ProcessBuilder(binary.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      LocalSes ses = new LocalSes(process, log, URI.create("http://127.0.0.1:" + port));
      ses.awaitReady();
      return ses;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + binary, e);
    }
  }

  private static Path binary() {
    String configured = System.getenv(BINARY_ENV);
    Path binary = configured != null && !configured.isBlank() ? Path.of(configured) : DEFAULT_BINARY.toAbsolutePath();
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("aws-ses-v2-local not found at " + binary + " (" + BINARY_ENV + " "
          + (configured == null ? "unset" : "set") + "): run scripts/test, which installs it under .local/npm");
    }
    return binary;
  }

  /** What {@code SesV2AsyncClient} should use as {@code endpointOverride}. */
  public String endpoint() {
    return endpoint.toString();
  }

  /** The emails the emulator received, oldest first, as {@code GET /store} lists them. */
  public JsonArray emails() {
    return new JsonObject(get("/store")).getJsonArray("emails");
  }

  /** The emails received in or after the epoch second {@code since}, oldest first. */
  public JsonArray emails(long since) {
    return new JsonObject(get("/store?since=" + since)).getJsonArray("emails");
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("aws-ses-v2-local exited with " + process.exitValue() + ": " + logText());
      }
      try {
        HttpResponse<String> response = http.send(request("/health-check"), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (ConnectException notYet) {
        // still starting
      } catch (IOException | InterruptedException e) {
        close();
        throw new IllegalStateException("aws-ses-v2-local did not answer: " + e, e);
      }
      sleep(100);
    }
    close();
    throw new IllegalStateException("aws-ses-v2-local did not answer within " + START_TIMEOUT + ": " + logText());
  }

  private String get(String path) {
    try {
      HttpResponse<String> response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build();
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temporary file
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
