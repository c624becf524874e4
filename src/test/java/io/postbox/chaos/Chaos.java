package io.postbox.chaos;

import ch.qos.logback.classic.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * The driver of {@code scripts/chaos}: runs the fault scenarios against child postbox JVMs on the throwaway
 * database named by {@code CHAOS_PG_URL}, prints one line per scenario and exits 1 if any failed.
 * Arguments: scenario names to run only those (default: all). Node logs go to {@code target/chaos/}.
 */
public final class Chaos {
  private static final long SCENARIO_TIMEOUT_SECONDS = 180;

  private Chaos() {
  }

  static Map<String, Scenario> scenarios() {
    Map<String, Scenario> scenarios = new LinkedHashMap<>();
    for (Scenario scenario : List.of(new DbOutage(), new KillSends(), new PoisonBatch(), new MemoryAttack(),
        new KillWebhooks())) {
      scenarios.put(scenario.name(), scenario);
    }
    return scenarios;
  }

  public static void main(String[] args) throws Exception {
    Map<String, Scenario> known = scenarios();
    List<Scenario> chosen = new ArrayList<>();
    for (String name : args) {
      if (!known.containsKey(name)) {
        System.err.println("unknown scenario " + name + "; known: " + String.join(" ", known.keySet()));
        System.exit(2);
      }
      chosen.add(known.get(name));
    }
    if (chosen.isEmpty()) {
      chosen.addAll(known.values());
    }
    String databaseUrl = System.getenv("CHAOS_PG_URL");
    if (databaseUrl == null || databaseUrl.isBlank()) {
      System.err.println("CHAOS_PG_URL is not set: run scripts/chaos, which makes a throwaway database");
      System.exit(2);
    }
    // the driver's own store client logs its migrations at INFO; only the nodes' logs matter here
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.postbox")).setLevel(Level.WARN);
    // connections the scenarios break on purpose
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.vertx.core.net.impl.ConnectionBase"))
        .setLevel(Level.OFF);
    Path root = Path.of("").toAbsolutePath();
    Path workDir = root.resolve("target/chaos");
    Files.createDirectories(workDir);
    try (var logs = Files.list(workDir)) {
      for (Path log : logs.toList()) {
        Files.deleteIfExists(log);
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(ChaosNode::killAll));
    boolean allOk = true;
    ExecutorService runner = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "chaos-scenario");
      thread.setDaemon(true);
      return thread;
    });
    try (ChaosContext context = new ChaosContext(root, workDir, databaseUrl)) {
      context.migrate();
      for (Scenario scenario : chosen) {
        Verdict verdict = runBounded(runner, scenario, context);
        System.out.println(verdict.line());
        System.out.flush();
        allOk &= verdict.ok();
      }
    } finally {
      ChaosNode.killAll();
      runner.shutdownNow();
    }
    System.err.println("node logs: " + root.relativize(workDir) + "/");
    System.exit(allOk ? 0 : 1);
  }

  private static Verdict runBounded(ExecutorService runner, Scenario scenario, ChaosContext context) {
    Future<Verdict> running = runner.submit(() -> scenario.run(context));
    try {
      return running.get(SCENARIO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      ChaosNode.killAll();
      Verdict verdict = new Verdict(scenario.name());
      verdict.require(false, "did not finish within " + SCENARIO_TIMEOUT_SECONDS + " s");
      return verdict;
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      Verdict verdict = new Verdict(scenario.name());
      verdict.require(false, "the driver failed: " + cause);
      return verdict;
    }
  }
}
