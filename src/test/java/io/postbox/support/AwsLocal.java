package io.postbox.support;

import io.postbox.app.Node;
import io.postbox.app.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * {@code scripts/run --aws-local}: postbox on its production path with both AWS services on this machine. ElasticMQ
 * stands in for SQS, aws-ses-v2-local for SES, and {@link LocalSesEventPublisher} for the configuration set's event
 * destination (SES → SNS → SQS with raw delivery) that the emulator lacks.
 */
public final class AwsLocal {
  static final String QUEUE = "postbox-ses-events";
  static final Duration STORE_POLL_INTERVAL = Duration.ofMillis(500);
  static final Duration PUBLISHING_LAG = Duration.ofMillis(500);

  private final Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();

  private AwsLocal() {
  }

  public static void main(String[] args) {
    if (args.length > 0) {
      System.err.println("scripts/run --aws-local takes no other arguments; ports come from POSTBOX_HTTP_PORT, "
          + "POSTBOX_AWS_LOCAL_SQS_PORT (9324) and POSTBOX_AWS_LOCAL_SES_PORT (8005)");
      System.exit(2);
    }
    AwsLocal local = new AwsLocal();
    Runtime.getRuntime().addShutdownHook(new Thread(local::stop, "aws-local-stop"));
    try {
      local.start(System.getenv());
    } catch (RuntimeException e) {
      System.err.println("postbox --aws-local cannot start: " + e.getMessage() + "\n(other ports: "
          + "POSTBOX_AWS_LOCAL_SQS_PORT, POSTBOX_AWS_LOCAL_SES_PORT, POSTBOX_HTTP_PORT, POSTBOX_TRACKING_PORT)");
      System.exit(1);
    }
  }

  private void start(Map<String, String> env) {
    LocalSqs sqs = LocalSqs.start(port(env, "POSTBOX_AWS_LOCAL_SQS_PORT", 9324));
    running.push(sqs);
    String queueUrl = sqs.createNamedQueue(QUEUE);
    LocalSes ses = LocalSes.start(port(env, "POSTBOX_AWS_LOCAL_SES_PORT", 8005));
    running.push(ses);

    JsonObject config = Settings.load(postboxEnv(env, sqs, ses, queueUrl));
    Vertx vertx = Node.start(config).await();
    running.push(() -> vertx.close().await());

    LocalSesEventPublisher publisher =
        new LocalSesEventPublisher(ses::emails, body -> sqs.send(queueUrl, body), 1.0, PUBLISHING_LAG);
    running.push(publisher);
    publisher.start(STORE_POLL_INTERVAL);
    System.out.println(banner(config.getJsonObject("http").getInteger("port"), ses.endpoint(), sqs, queueUrl));
  }

  /** The environment postbox would get in production, pointed at the local servers; events arrive raw. */
  static Map<String, String> postboxEnv(Map<String, String> env, LocalSqs sqs, LocalSes ses, String queueUrl) {
    Map<String, String> postbox = new HashMap<>(env);
    postbox.put("POSTBOX_AWS_REGION", "us-east-1");
    postbox.put("POSTBOX_SES_ENDPOINT", ses.endpoint());
    postbox.put("POSTBOX_SQS_ENDPOINT", sqs.endpoint.toString());
    postbox.put("POSTBOX_SQS_QUEUE_URL", queueUrl);
    postbox.put("POSTBOX_SANDBOX", "false");
    postbox.put("POSTBOX_SNS_VERIFY", "false");
    return postbox;
  }

  private static String banner(int httpPort, String sesEndpoint, LocalSqs sqs, String queueUrl) {
    String api = "http://localhost:" + httpPort;
    return """

        postbox runs on its AWS path, with both services on this machine:
          postbox API     %1$s
          SES             %2$s (aws-ses-v2-local: received emails in a web UI; JSON at %2$s/store)
          SQS             %3$s (ElasticMQ), queue %4$s
          SES events      read from the SES store every %5$d ms; Send, then Delivery, Bounce or Complaint by the
                          mailbox simulator's rules, put raw into the queue, which postbox polls
        Next, in another terminal:
          scripts/admin user create --email you@example.com
          KEY=$(scripts/admin apikey create --user you@example.com --label dev)
          curl -s -X POST %1$s/v1/transactional/email/send -H "Authorization: Bearer $KEY" \\
            -H 'Content-Type: application/json' \\
            -d '{"recipient": "success@simulator.amazonses.com", "subject": "Hello", "body": "<p>Hi</p>"}'
          curl -s %1$s/v1/transactional/email/<id> -H "Authorization: Bearer $KEY"   # SENT, then DELIVERED
          curl -s %1$s/health/ready                                                  # sqs UP
        Stop with Ctrl-C.
        """.formatted(api, sesEndpoint, sqs.endpoint, queueUrl, STORE_POLL_INTERVAL.toMillis());
  }

  private static int port(Map<String, String> env, String name, int defaultPort) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return defaultPort;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number, not " + value);
    }
  }

  private void stop() {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("Stopping: " + e);
      }
    }
  }
}
