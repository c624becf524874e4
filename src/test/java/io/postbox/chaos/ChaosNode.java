package io.postbox.chaos;

import io.postbox.support.TestPostbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One postbox server as a child JVM ({@code java -jar target/postbox.jar}) in sandbox mode on free ports, its
 * output appended to a log file; it can be killed with SIGKILL and started again on the same ports.
 */
final class ChaosNode implements AutoCloseable {
  private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final ChaosContext context;
  private final Path log;
  private final List<String> jvmOptions;
  private final Map<String, String> settings = new HashMap<>();
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  private Process process;

  ChaosNode(ChaosContext context, String name, String pgUrl, List<String> jvmOptions, Map<String, String> extra) {
    this.context = context;
    this.log = context.workDir().resolve(name + ".log");
    this.jvmOptions = jvmOptions;
    settings.put("POSTBOX_HTTP_PORT", Integer.toString(TestPostbox.freePort()));
    settings.put("POSTBOX_TRACKING_PORT", Integer.toString(TestPostbox.freePort()));
    settings.put("POSTBOX_MANAGEMENT_PORT", Integer.toString(TestPostbox.freePort()));
    settings.put("POSTBOX_PG_URL", pgUrl);
    settings.put("POSTBOX_API_KEY_SECRET", context.apiKeySecret());
    settings.put("POSTBOX_SANDBOX_TIME_SCALE", "0.1");
    settings.putAll(extra);
  }

  int httpPort() {
    return Integer.parseInt(settings.get("POSTBOX_HTTP_PORT"));
  }

  int trackingPort() {
    return Integer.parseInt(settings.get("POSTBOX_TRACKING_PORT"));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + httpPort();
  }

  Path log() {
    return log;
  }

  /** Starts the JVM and waits until {@code /health/ready} answers 200; false if it did not within the timeout. */
  boolean start(Duration timeout) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(context.jar().toString());
    ProcessBuilder builder = new ProcessBuilder(command).directory(context.root().toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("POSTBOX_") || name.equals("JAVA_TOOL_OPTIONS"));
    builder.environment().putAll(settings);
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = builder.start();
    RUNNING.add(process);
    return awaitReady(timeout);
  }

  boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      if (probe("/health/ready") == 200) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Why the node is not ready, for a verdict: where its log is and the last exception in it. */
  String notReady() {
    String problem = LogLines.lastProblem(log);
    return "not ready within the time (" + (isAlive() ? "running" : "exited") + "; " + log
        + (problem == null ? "" : "; last problem: " + problem) + ")";
  }

  /** The status {@code path} answers within 5 s, or -1 when it does not answer. */
  int probe(String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5)).build();
      return PROBE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The child's peak resident memory (VmHWM) in MiB, or -1 when it is gone. */
  long peakRssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the process has exited
    }
    return -1;
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no flushing, as a crashed host. */
  void kill9() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Kills every node still running: a scenario that overran its time, or the driver being stopped. */
  static void killAll() {
    RUNNING.forEach(Process::destroyForcibly);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
