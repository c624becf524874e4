package io.postbox.dispatch;

import io.vertx.core.Future;

/** Hands a raw MIME message to SES (or its sandbox stand-in); completes with the SES message id. */
interface SesGateway {
  Future<String> send(byte[] rawMessage, String emailId, String configurationSet);
}
