package io.postbox.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A parsed send request body: the fields as received, and the file parts named {@code attachments}. */
record SendBody(JsonObject fields, List<Upload> attachments) {
  record Upload(String fileName, Buffer content) {
  }
}
