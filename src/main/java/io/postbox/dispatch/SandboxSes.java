package io.postbox.dispatch;

import io.vertx.core.Future;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** SPEC §20: no AWS call; every send is accepted with a message id shaped like an SES one. */
final class SandboxSes implements SesGateway {
  @Override
  public Future<String> send(byte[] rawMessage, String emailId, String configurationSet) {
    return Future.succeededFuture(messageId());
  }

  static String messageId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String hex = HexFormat.of().formatHex(bytes);
    return "%016x-%s-%s-%s-%s-%s-000000".formatted(System.currentTimeMillis(), hex.substring(0, 8),
        hex.substring(8, 12), hex.substring(12, 16), hex.substring(16, 20), hex.substring(20, 32));
  }
}
