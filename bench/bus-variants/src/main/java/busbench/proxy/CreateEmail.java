package busbench.proxy;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;
import java.util.List;

@DataObject
@JsonGen(publicConverter = false)
public class CreateEmail {
  private long userId;
  private String from;
  private List<String> to;
  private String subject;
  private String html;
  private String text;
  private List<String> tags;

  public CreateEmail() {
  }

  public CreateEmail(JsonObject json) {
    CreateEmailConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    CreateEmailConverter.toJson(this, json);
    return json;
  }

  public long getUserId() {
    return userId;
  }

  public CreateEmail setUserId(long userId) {
    this.userId = userId;
    return this;
  }

  public String getFrom() {
    return from;
  }

  public CreateEmail setFrom(String from) {
    this.from = from;
    return this;
  }

  public List<String> getTo() {
    return to;
  }

  public CreateEmail setTo(List<String> to) {
    this.to = to;
    return this;
  }

  public String getSubject() {
    return subject;
  }

  public CreateEmail setSubject(String subject) {
    this.subject = subject;
    return this;
  }

  public String getHtml() {
    return html;
  }

  public CreateEmail setHtml(String html) {
    this.html = html;
    return this;
  }

  public String getText() {
    return text;
  }

  public CreateEmail setText(String text) {
    this.text = text;
    return this;
  }

  public List<String> getTags() {
    return tags;
  }

  public CreateEmail setTags(List<String> tags) {
    this.tags = tags;
    return this;
  }
}
