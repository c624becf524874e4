package busbench.proxy;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;
import java.util.List;

@DataObject
@JsonGen(publicConverter = false)
public class SendCommand {
  private long userId;
  private String from;
  private List<String> to;
  private String subject;
  private String html;
  private String text;
  private List<String> tags;
  private List<Attachment> attachments;

  public SendCommand() {
  }

  public SendCommand(JsonObject json) {
    SendCommandConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    SendCommandConverter.toJson(this, json);
    return json;
  }

  public long getUserId() {
    return userId;
  }

  public SendCommand setUserId(long userId) {
    this.userId = userId;
    return this;
  }

  public String getFrom() {
    return from;
  }

  public SendCommand setFrom(String from) {
    this.from = from;
    return this;
  }

  public List<String> getTo() {
    return to;
  }

  public SendCommand setTo(List<String> to) {
    this.to = to;
    return this;
  }

  public String getSubject() {
    return subject;
  }

  public SendCommand setSubject(String subject) {
    this.subject = subject;
    return this;
  }

  public String getHtml() {
    return html;
  }

  public SendCommand setHtml(String html) {
    this.html = html;
    return this;
  }

  public String getText() {
    return text;
  }

  public SendCommand setText(String text) {
    this.text = text;
    return this;
  }

  public List<String> getTags() {
    return tags;
  }

  public SendCommand setTags(List<String> tags) {
    this.tags = tags;
    return this;
  }

  public List<Attachment> getAttachments() {
    return attachments;
  }

  public SendCommand setAttachments(List<Attachment> attachments) {
    this.attachments = attachments;
    return this;
  }
}
