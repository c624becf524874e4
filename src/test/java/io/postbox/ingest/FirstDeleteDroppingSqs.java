package io.postbox.ingest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * An SQS client that answers its first batch delete with success without deleting anything, as a poller that
 * stops between commit and delete would leave the queue; every other call goes to the real client.
 */
final class FirstDeleteDroppingSqs {
  private FirstDeleteDroppingSqs() {
  }

  static SqsAsyncClient wrapping(SqsAsyncClient client) {
    AtomicBoolean dropNext = new AtomicBoolean(true);
    return (SqsAsyncClient) Proxy.newProxyInstance(SqsAsyncClient.class.getClassLoader(),
        new Class<?>[] {SqsAsyncClient.class}, (proxy, method, args) -> {
          if (method.getName().equals("deleteMessageBatch") && dropNext.compareAndSet(true, false)) {
            return CompletableFuture.completedFuture(DeleteMessageBatchResponse.builder().build());
          }
          try {
            return method.invoke(client, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
