package busbench;

import busbench.json.JsonVariant;
import busbench.proxy.ProxyVariant;
import busbench.records.RecordVariant;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * {@code run VARIANT PAYLOAD CONCURRENCY WARMUP_S MEASURE_S}: keeps CONCURRENCY sends in flight and prints one line.
 * {@code wire PAYLOAD WARMUP_S MEASURE_S ORDER}: encode+decode of one send command per variant (ORDER, e.g. ABC),
 * on this thread.
 */
public final class Main {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean SYSTEM =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    if (args[0].equals("wire")) {
      wire(args[1].equals("attach"), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
      return;
    }
    Variant variant = variant(args[1]);
    boolean attach = args[2].equals("attach");
    int concurrency = Integer.parseInt(args[3]);
    Driver driver = new Driver(variant, attach, concurrency, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(driver).await();
    String result = driver.done.future().toCompletionStage().toCompletableFuture().get();
    System.out.printf(Locale.ROOT, "RESULT variant=%s payload=%s conc=%d %s%n", args[1], args[2], concurrency, result);
    vertx.close().await();
    System.exit(0);
  }

  static Variant variant(String name) {
    return switch (name) {
      case "A" -> new ProxyVariant();
      case "B" -> new RecordVariant();
      case "C" -> new JsonVariant();
      default -> throw new IllegalArgumentException(name);
    };
  }

  static final class Driver extends VerticleBase {
    final Promise<String> done = Promise.promise();
    private final Variant variant;
    private final boolean attach;
    private final int concurrency;
    private final long warmupMs;
    private final long measureMs;
    private final Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private Supplier<Future<?>> sender;
    private boolean measuring;
    private boolean running = true;
    private long sends;
    private long errors;
    private long startNanos;
    private long startAllocated;
    private long startGcCount;
    private long startGcMillis;
    private long startCpuNanos;

    Driver(Variant variant, boolean attach, int concurrency, int warmupSeconds, int measureSeconds) {
      this.variant = variant;
      this.attach = attach;
      this.concurrency = concurrency;
      this.warmupMs = warmupSeconds * 1000L;
      this.measureMs = measureSeconds * 1000L;
    }

    @Override
    public Future<?> start() {
      return variant.setUp(vertx, attach).onSuccess(sender -> {
        this.sender = sender;
        vertx.setTimer(warmupMs, id -> beginMeasuring());
        vertx.setTimer(warmupMs + measureMs, id -> finish());
        for (int i = 0; i < concurrency; i++) {
          sendOne();
        }
      });
    }

    private void sendOne() {
      long started = System.nanoTime();
      sender.get().onComplete(result -> {
        if (measuring) {
          if (result.succeeded()) {
            latencies.recordValue(System.nanoTime() - started);
            sends++;
          } else {
            errors++;
          }
        }
        if (running) {
          sendOne();
        }
      });
    }

    private void beginMeasuring() {
      measuring = true;
      startNanos = System.nanoTime();
      startAllocated = THREADS.getTotalThreadAllocatedBytes();
      startGcCount = gcCount();
      startGcMillis = gcMillis();
      startCpuNanos = SYSTEM.getProcessCpuTime();
    }

    private void finish() {
      measuring = false;
      running = false;
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      long allocated = THREADS.getTotalThreadAllocatedBytes() - startAllocated;
      long cpuNanos = SYSTEM.getProcessCpuTime() - startCpuNanos;
      long counted = Math.max(sends, 1);
      done.complete(String.format(Locale.ROOT, "sends_per_s=%.0f p50_us=%.1f p99_us=%.1f alloc_kib_per_send=%.1f"
          + " cpu_us_per_send=%.1f gc_count=%d gc_ms=%d errors=%d",
          sends / seconds, latencies.getValueAtPercentile(50) / 1e3, latencies.getValueAtPercentile(99) / 1e3,
          allocated / 1024.0 / counted, cpuNanos / 1e3 / counted, gcCount() - startGcCount,
          gcMillis() - startGcMillis, errors));
    }
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }

  private static void wire(boolean attach, int warmupSeconds, int measureSeconds, String order) {
    long threadId = Thread.currentThread().getId();
    int sink = 0;
    for (String name : order.split("")) {
      Variant variant = variant(name);
      long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
      while (System.nanoTime() < warmupEnd) {
        sink += System.identityHashCode(variant.wireRoundTrip(attach));
      }
      long operations = 0;
      long allocatedBefore = THREADS.getThreadAllocatedBytes(threadId);
      long cpuBefore = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(measureSeconds);
      long now;
      do {
        for (int i = 0; i < 16; i++) {
          sink += System.identityHashCode(variant.wireRoundTrip(attach));
        }
        operations += 16;
        now = System.nanoTime();
      } while (now < end);
      long allocated = THREADS.getThreadAllocatedBytes(threadId) - allocatedBefore;
      long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
      System.out.printf(Locale.ROOT, "WIRE variant=%s payload=%s us_per_roundtrip=%.2f cpu_us_per_roundtrip=%.2f"
          + " alloc_kib_per_roundtrip=%.1f%n", name, attach ? "attach" : "plain", (now - start) / 1e3 / operations,
          cpu / 1e3 / operations, allocated / 1024.0 / operations);
    }
    if (sink == 42) {
      System.out.println();
    }
  }
}
