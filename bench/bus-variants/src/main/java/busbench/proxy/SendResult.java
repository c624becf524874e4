package busbench.proxy;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

@DataObject
@JsonGen(publicConverter = false)
public class SendResult {
  private long emailId;
  private String status;

  public SendResult() {
  }

  public SendResult(JsonObject json) {
    SendResultConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    SendResultConverter.toJson(this, json);
    return json;
  }

  public long getEmailId() {
    return emailId;
  }

  public SendResult setEmailId(long emailId) {
    this.emailId = emailId;
    return this;
  }

  public String getStatus() {
    return status;
  }

  public SendResult setStatus(String status) {
    this.status = status;
    return this;
  }
}
