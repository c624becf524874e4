package io.postbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.ApiKeys;
import io.postbox.store.AdminStore;
import io.postbox.store.StoreSettings;
import io.postbox.support.Eventually;
import io.postbox.support.RawHttp;
import io.postbox.support.TestPostbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §24 against memory exhaustion, with a real process: postbox runs in a child JVM with a 256 MiB heap and
 * 64 MiB of direct memory, gets 400 MiB multipart bodies and lists of emails with 8 MiB subjects, and still answers
 * health, sends and pixel requests afterwards, with no OutOfMemoryError in its output.
 */
class HeapBoundTest {
  private static final long MIB = 1024 * 1024;
  private static final String BOUNDARY = "heap-bound";
  private static final Path LOG = Path.of("target/heap-bound-node.log");
  private static Vertx vertx;
  private static WebClient http;
  private static Pool pool;
  private static Process node;
  private static int apiPort;
  private static int pixelPort;

  @BeforeAll
  static void startNode() throws Exception {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(StoreSettings.from(new JsonObject().put("pg", new JsonObject().put("url",
            TestPostbox.databaseUrl()))).connectOptions())
        .using(vertx).build();
    apiPort = TestPostbox.freePort();
    pixelPort = TestPostbox.freePort();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("POSTBOX_PG_URL", TestPostbox.databaseUrl());
    env.put("POSTBOX_API_KEY_SECRET", TestPostbox.API_KEY_SECRET);
    env.put("POSTBOX_HTTP_PORT", Integer.toString(apiPort));
    env.put("POSTBOX_TRACKING_PORT", Integer.toString(pixelPort));
    env.put("POSTBOX_MANAGEMENT_PORT", Integer.toString(TestPostbox.freePort()));
    env.put("POSTBOX_TRACKING_MODE", "pixel");
    env.put("POSTBOX_TRACKING_SECRET", "pixel-secret-pixel-secret-pixel-secret-0123");
    env.put("POSTBOX_SANDBOX_TIME_SCALE", "0");
    ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + "/bin/java",
        "-Xmx256m", "-XX:MaxDirectMemorySize=64m", "-cp", System.getProperty("java.class.path"), Main.class.getName());
    builder.environment().clear();
    builder.environment().putAll(env);
    Files.deleteIfExists(LOG);
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(LOG.toFile()));
    node = builder.start();
    awaitReady();
  }

  @AfterAll
  static void stopNode() throws InterruptedException {
    if (node != null) {
      node.destroy();
      if (!node.waitFor(20, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
    TestPostbox.await(vertx.close());
  }

  private static void awaitReady() throws InterruptedException {
    Eventually.await(Duration.ofSeconds(90), "the node to be ready (see " + LOG + ")", () -> {
      assertThat(node.isAlive()).as("node exited; see " + LOG).isTrue();
      try {
        return TestPostbox.await(http.get(apiPort, "127.0.0.1", "/health/ready").send()).statusCode() == 200;
      } catch (RuntimeException notYet) {
        return false;
      }
    });
  }

  private static long createUser() {
    String email = TestPostbox.uniqueEmail("heap");
    return TestPostbox.await(new AdminStore(pool).createUser(email, 1000));
  }

  private static String createKey(long userId) {
    String key = ApiKeys.generate("heap@example.com");
    TestPostbox.await(new AdminStore(pool).createApiKey(userId, new ApiKeys(TestPostbox.API_KEY_SECRET).hash(key),
        key.substring(key.length() - 5), "heap", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1)));
    return key;
  }

  /** 400 MiB of 5 MiB attachment parts, generated while it is written. */
  private static void fourHundredMebibytes(OutputStream out) throws IOException {
    byte[] data = new byte[64 * 1024];
    for (int part = 0; part < 80; part++) {
      out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"f" + part
          + ".bin\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      for (long written = 0; written < 5 * MIB; written += data.length) {
        out.write(data);
      }
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  private static RawHttp.Exchange hugeSend(String key, boolean chunked) throws Exception {
    String head = "POST /v1/transactional/email/send HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
        + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
        + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + 400 * MIB);
    return RawHttp.exchange(apiPort, head, out -> {
      if (chunked) {
        OutputStream chunks = RawHttp.chunked(out);
        fourHundredMebibytes(chunks);
        chunks.close();
      } else {
        fourHundredMebibytes(out);
      }
    });
  }

  @Test
  void hugeBodiesAndHugeListsLeaveTheNodeAnswering() throws Exception {
    long userId = createUser();
    String key = createKey(userId);

    // three at once, streamed: each is refused at 51 MiB
    List<Future<RawHttp.Exchange>> streamed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      streamed.add(vertx.executeBlocking(() -> hugeSend(key, true), false));
    }
    for (Future<RawHttp.Exchange> exchange : streamed) {
      RawHttp.Exchange refused = TestPostbox.await(exchange);
      assertThat(refused.status()).as(refused.body()).isEqualTo(400);
      assertThat(refused.json().getString("code")).isEqualTo("malformed");
      assertThat(refused.closedByServer()).isTrue();
      assertThat(refused.bodyBytesWritten()).isLessThan(150 * MIB);
    }
    RawHttp.Exchange declared = hugeSend(key, false);
    assertThat(declared.status()).isEqualTo(400);
    assertThat(declared.bodyBytesWritten()).isLessThan(50 * MIB);

    // 20 emails with 8 MiB subjects, as rows stored before subjects were limited
    for (int i = 0; i < 20; i++) {
      TestPostbox.await(pool.preparedQuery("""
          INSERT INTO emails (user_id, from_address, recipient, params)
          VALUES ($1, 'Postbox <no-reply@example.gov>', 'big@example.com',
                  json_build_object('body', '<p>b</p>', 'from', 'Postbox <no-reply@example.gov>',
                                    'subject', repeat(md5($2::text), 262144)))""")
          .execute(Tuple.of(userId, Integer.toString(i))));
    }
    List<Future<HttpResponse<Buffer>>> lists = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      lists.add(http.get(apiPort, "127.0.0.1", "/v1/transactional/email?limit=1000")
          .putHeader("Authorization", "Bearer " + key).send());
    }
    for (Future<HttpResponse<Buffer>> list : lists) {
      HttpResponse<Buffer> page = TestPostbox.await(list);
      assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
      assertThat(page.body().length()).isLessThanOrEqualTo(8 * (int) MIB);
      assertThat(page.bodyAsJsonObject().getBoolean("has_more")).isTrue();
    }
    HttpResponse<Buffer> withoutParams = TestPostbox.await(http.get(apiPort, "127.0.0.1",
        "/v1/transactional/email?limit=1000&exclude_params=true").putHeader("Authorization", "Bearer " + key).send());
    assertThat(withoutParams.bodyAsJsonObject().getJsonArray("data")).hasSize(20);

    assertThat(TestPostbox.await(http.get(apiPort, "127.0.0.1", "/health/live").send()).statusCode()).isEqualTo(200);
    assertThat(TestPostbox.await(http.get(apiPort, "127.0.0.1", "/health/ready").send()).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> sent = TestPostbox.await(http.post(apiPort, "127.0.0.1", "/v1/transactional/email/send")
        .putHeader("Authorization", "Bearer " + key)
        .sendJsonObject(new JsonObject().put("recipient", "success@simulator.amazonses.com")
            .put("subject", "Still here").put("body", "<p>after the flood</p>")));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> pixel = TestPostbox.await(http.get(pixelPort, "127.0.0.1",
        "/t/" + "A".repeat(32) + ".gif").send());
    assertThat(pixel.statusCode()).isEqualTo(200);
    assertThat(pixel.getHeader("Content-Type")).isEqualTo("image/gif");

    assertThat(node.isAlive()).isTrue();
    String output = Files.readString(LOG);
    assertThat(output).doesNotContain("OutOfMemoryError");
    System.out.println("HeapBoundTest: node peak RSS " + peakRssMegabytes(node.pid()) + " MB");
  }

  private static long peakRssMegabytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
