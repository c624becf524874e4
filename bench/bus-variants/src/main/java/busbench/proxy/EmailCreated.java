package busbench.proxy;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

@DataObject
@JsonGen(publicConverter = false)
public class EmailCreated {
  private long id;
  private Instant createdAt;

  public EmailCreated() {
  }

  public EmailCreated(JsonObject json) {
    EmailCreatedConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    EmailCreatedConverter.toJson(this, json);
    return json;
  }

  public long getId() {
    return id;
  }

  public EmailCreated setId(long id) {
    this.id = id;
    return this;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public EmailCreated setCreatedAt(Instant createdAt) {
    this.createdAt = createdAt;
    return this;
  }
}
