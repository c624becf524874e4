package io.postbox.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A parsed send request body: the fields as received, and the file parts named {@code attachments}. */
record SendBody(JsonObject fields, List<Upload> attachments) {
  /**
   * One file; {@code size} is what arrived. Once the files together pass the total limit their content is no longer
   * kept (the send is refused at step 6 anyway), so {@code content} may then be empty.
   */
  record Upload(String fileName, Buffer content, long size) {
    Upload(String fileName, Buffer content) {
      this(fileName, content, content.length());
    }
  }
}
