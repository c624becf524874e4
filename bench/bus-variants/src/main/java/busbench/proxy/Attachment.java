package busbench.proxy;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

@DataObject
@JsonGen(publicConverter = false)
public class Attachment {
  private String filename;
  private String contentType;
  private Buffer content;

  public Attachment() {
  }

  public Attachment(JsonObject json) {
    AttachmentConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    AttachmentConverter.toJson(this, json);
    return json;
  }

  public String getFilename() {
    return filename;
  }

  public Attachment setFilename(String filename) {
    this.filename = filename;
    return this;
  }

  public String getContentType() {
    return contentType;
  }

  public Attachment setContentType(String contentType) {
    this.contentType = contentType;
    return this;
  }

  public Buffer getContent() {
    return content;
  }

  public Attachment setContent(Buffer content) {
    this.content = content;
    return this;
  }
}
