package busbench.proxy;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

@DataObject
@JsonGen(publicConverter = false)
public class StatusChange {
  private long emailId;
  private long userId;
  private String status;
  private String previousStatus;
  private Instant occurredAt;
  private String sesMessageId;

  public StatusChange() {
  }

  public StatusChange(JsonObject json) {
    StatusChangeConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    StatusChangeConverter.toJson(this, json);
    return json;
  }

  public long getEmailId() {
    return emailId;
  }

  public StatusChange setEmailId(long emailId) {
    this.emailId = emailId;
    return this;
  }

  public long getUserId() {
    return userId;
  }

  public StatusChange setUserId(long userId) {
    this.userId = userId;
    return this;
  }

  public String getStatus() {
    return status;
  }

  public StatusChange setStatus(String status) {
    this.status = status;
    return this;
  }

  public String getPreviousStatus() {
    return previousStatus;
  }

  public StatusChange setPreviousStatus(String previousStatus) {
    this.previousStatus = previousStatus;
    return this;
  }

  public Instant getOccurredAt() {
    return occurredAt;
  }

  public StatusChange setOccurredAt(Instant occurredAt) {
    this.occurredAt = occurredAt;
    return this;
  }

  public String getSesMessageId() {
    return sesMessageId;
  }

  public StatusChange setSesMessageId(String sesMessageId) {
    this.sesMessageId = sesMessageId;
    return this;
  }
}
