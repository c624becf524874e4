package io.postbox.support;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** An embedded ElasticMQ on a free port of 127.0.0.1, with a client for arranging queues and messages. */
public final class LocalSqs implements AutoCloseable {
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
    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = server.waitUntilStarted().localAddress().getPort();
    return new LocalSqs(server, URI.create("http://127.0.0.1:" + port));
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

  @Override
  public void close() {
    client.close();
    server.stopAndWait();
  }
}
