package busbench.proxy;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

@DataObject
@JsonGen(publicConverter = false)
public class AcceptEmail {
  private long emailId;
  private String sesMessageId;

  public AcceptEmail() {
  }

  public AcceptEmail(JsonObject json) {
    AcceptEmailConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    AcceptEmailConverter.toJson(this, json);
    return json;
  }

  public long getEmailId() {
    return emailId;
  }

  public AcceptEmail setEmailId(long emailId) {
    this.emailId = emailId;
    return this;
  }

  public String getSesMessageId() {
    return sesMessageId;
  }

  public AcceptEmail setSesMessageId(String sesMessageId) {
    this.sesMessageId = sesMessageId;
    return this;
  }
}
