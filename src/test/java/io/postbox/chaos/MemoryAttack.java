package io.postbox.chaos;

import io.postbox.chaos.ChaosContext.ChaosUser;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node with a 256 MiB heap: a 400 MiB multipart send streamed at it (made on the fly, never held in memory),
 * then 20 emails with 8 MB params (written with SQL: the API refuses such subjects) listed with
 * {@code limit=1000}. Requires the node to answer {@code /health/live}, {@code /health/ready} and a normal send
 * within 5 s afterwards, and no OutOfMemoryError in its output.
 */
final class MemoryAttack implements Scenario {
  static final long UPLOAD_BYTES = 400L * 1024 * 1024;
  private static final int BIG_EMAILS = 20;
  private static final int BIG_SUBJECT_CHARS = 8_000_000;
  private static final long PAGE_LIMIT_BYTES = 8L * 1024 * 1024;

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Verdict run(ChaosContext context) throws Exception {
    Verdict verdict = new Verdict(name());
    try (ChaosNode node = new ChaosNode(context, name(), context.databaseUrl(),
        List.of("-Xmx256m", "-XX:+UseParallelGC"), Map.of())) {
      if (!verdict.require(node.start(Duration.ofSeconds(90)), "node " + node.notReady())) {
        return verdict;
      }
      ChaosUser user = context.createUser("memory");
      context.verifyOwnAddress(user);

      Upload upload = streamUpload(node, user);
      verdict.fact("400 MiB upload: " + (upload.status() < 0 ? "no answer" : "answered " + upload.status())
          + " after " + upload.writtenBytes() / (1024 * 1024) + " MiB written, " + upload.millis() + " ms");

      context.sql("INSERT INTO emails (user_id, from_address, recipient, params, status, status_rank, accepted_at) "
          + "SELECT $1, 'Postbox <no-reply@example.gov>', 'big' || g || '@example.com', "
          + "json_build_object('subject', repeat('s', $2), 'body', '<p>big</p>', "
          + "'from', 'Postbox <no-reply@example.gov>'), 'ACCEPTED', 1, now() FROM generate_series(1, $3) AS g",
          user.id(), BIG_SUBJECT_CHARS, BIG_EMAILS);
      long listStarted = System.currentTimeMillis();
      ListPage page = listAll(node, user);
      verdict.fact("list limit=1000 over " + BIG_EMAILS + " x 8 MB emails: "
          + (page.status() < 0 ? "no answer" : page.status() + ", " + page.bytes() / (1024 * 1024) + " MiB")
          + " in " + (System.currentTimeMillis() - listStarted) + " ms"
          + (page.bytes() > PAGE_LIMIT_BYTES ? " (over the 8 MiB page of SPEC §24)" : ""));

      long probeStarted = System.currentTimeMillis();
      int live = node.probe("/health/live");
      int ready = node.probe("/health/ready");
      int send = normalSend(context, node, user);
      long probeMillis = System.currentTimeMillis() - probeStarted;
      verdict.fact("afterwards live " + live + ", ready " + ready + ", send " + send + " in " + probeMillis + " ms");
      verdict.fact("peak RSS " + node.peakRssMib() + " MiB");
      long outOfMemory = LogLines.count(node.log(), "OutOfMemoryError");
      verdict.require(node.isAlive(), "node still running");
      verdict.require(live == 200 && ready == 200 && send == 201 && probeMillis <= 5_000,
          "live 200, ready 200 and a send 201 within 5 s");
      verdict.require(outOfMemory == 0, "no OutOfMemoryError in the node's output (" + outOfMemory + " lines)");
    }
    return verdict;
  }

  record Upload(int status, long writtenBytes, long millis) {
  }

  /**
   * Writes a multipart send whose attachment is {@link #UPLOAD_BYTES} long, from a generator, while waiting for
   * the answer; stops writing when the node answers or closes the connection. Bounded to 90 s.
   */
  static Upload streamUpload(ChaosNode node, ChaosUser user) throws IOException, InterruptedException {
    String boundary = "chaos-" + UUID.randomUUID();
    byte[] head = (field(boundary, "recipient", "success@simulator.amazonses.com")
        + field(boundary, "subject", "large attachment") + field(boundary, "body", "<p>see attached</p>")
        + field(boundary, "from", user.email())
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"big.pdf\"\r\n"
        + "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    long contentLength = head.length + UPLOAD_BYTES + tail.length;
    AtomicLong written = new AtomicLong();
    long started = System.currentTimeMillis();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 5_000);
      socket.setSoTimeout(90_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/transactional/email/send HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
          + user.authorization() + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
          + "\r\nContent-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      Thread writer = new Thread(() -> {
        byte[] filler = new byte[64 * 1024];
        Arrays.fill(filler, (byte) 'A');
        try {
          out.write(head);
          for (long left = UPLOAD_BYTES; left > 0 && !Thread.currentThread().isInterrupted(); ) {
            int chunk = (int) Math.min(filler.length, left);
            out.write(filler, 0, chunk);
            written.addAndGet(chunk);
            left -= chunk;
          }
          out.write(tail);
          out.flush();
        } catch (IOException closedByTheNode) {
          // the node answered and closed the connection, as it should
        }
      }, "chaos-upload");
      writer.setDaemon(true);
      writer.start();
      int status;
      try {
        status = HttpLines.statusOf(HttpLines.readLine(socket.getInputStream()));
      } catch (IOException noAnswer) {
        status = -1;
      }
      long writtenWhenAnswered = written.get();
      long millis = System.currentTimeMillis() - started;
      writer.interrupt();
      socket.close();
      writer.join(5_000);
      return new Upload(status, writtenWhenAnswered, millis);
    }
  }

  private static String field(String boundary, String name, String value) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }

  record ListPage(int status, long bytes) {
  }

  /**
   * Lists with {@code limit=1000}, counting the body's bytes as they arrive without keeping them; gives up after
   * 90 s (status -1 when no answer began, the bytes so far when the body stalled).
   */
  private static ListPage listAll(ChaosNode node, ChaosUser user) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/transactional/email?limit=1000"))
        .header("Authorization", user.authorization()).timeout(Duration.ofSeconds(60)).build();
    AtomicInteger status = new AtomicInteger(-1);
    AtomicLong bytes = new AtomicLong();
    CompletableFuture<Void> listed = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenAccept(response -> {
          status.set(response.statusCode());
          try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = body.read(buffer)) >= 0; ) {
              bytes.addAndGet(read);
            }
          } catch (IOException cutOff) {
            // counted as far as it came
          }
        });
    try {
      listed.get(90, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException noAnswer) {
      listed.cancel(true);
    }
    return new ListPage(status.get(), bytes.get());
  }

  private static int normalSend(ChaosContext context, ChaosNode node, ChaosUser user) {
    try {
      return context.http().post(node.httpPort(), "127.0.0.1", "/v1/transactional/email/send")
          .putHeader("Authorization", user.authorization()).timeout(5_000)
          .sendJsonObject(new JsonObject().put("recipient", "success@simulator.amazonses.com")
              .put("subject", "after the attack").put("body", "<p>still here</p>"))
          .map(response -> response.statusCode())
          .toCompletionStage().toCompletableFuture().get();
    } catch (Exception noAnswer) {
      return -1;
    }
  }
}
