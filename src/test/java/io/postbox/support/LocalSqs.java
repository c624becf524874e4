package io.postbox.support;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** An embedded ElasticMQ on a free port of 127.0.0.1, with a client for arranging queues and messages. */
public final class LocalSqs implements AutoCloseable {
  private static final Duration STOP_WAIT = Duration.ofSeconds(3);

  public final URI endpoint;
  public final SqsAsyncClient client;
  private final SQSRestServer server;

  private LocalSqs(SQSRestServer server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
    this.client = SqsAsyncClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .build();
  }

  public static LocalSqs start() {
    return started(SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start());
  }

  /** On {@code port} of 127.0.0.1, which must be free. */
  public static LocalSqs start(int port) {
    return started(SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start());
  }

  private static LocalSqs started(SQSRestServer server) {
    int port = server.waitUntilStarted().localAddress().getPort();
    return new LocalSqs(server, URI.create("http://127.0.0.1:" + port));
  }

  /** The queue {@code name}, created unless it exists; its URL. */
  public String createNamedQueue(String name) {
    return client.createQueue(request -> request.queueName(name)).join().queueUrl();
  }

  /** A new queue with a unique name; its URL. */
  public String createQueue(String prefix, int visibilitySeconds) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    return client.createQueue(request -> request.queueName(name)
        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds))))
        .join().queueUrl();
  }

  public void send(String queueUrl, String body) {
    client.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body)).join();
  }

  /** Messages waiting plus messages received and not yet deleted. */
  public int messagesIn(String queueUrl) {
    Map<QueueAttributeName, String> attributes = client.getQueueAttributes(request -> request.queueUrl(queueUrl)
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .join().attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /**
   * Stops the server, waiting at most {@link #STOP_WAIT}: a long poll whose client has gone keeps ElasticMQ from
   * stopping until the poll's wait time ends (20 s for postbox's pollers), and the rest of the stop can finish in the
   * background.
   */
  @Override
  public void close() {
    client.close();
    try {
      Await.ready(server.stopAndGetFuture().apply(), FiniteDuration.apply(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException stillStopping) {
      // finishes in the background
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
