package busbench.records;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Variant B: the send path's messages as records; JSON only for the wire. */
public final class Messages {
  private Messages() {
  }

  public record Attachment(String filename, String contentType, Buffer content) {
    JsonObject toJson() {
      return new JsonObject().put("filename", filename).put("content_type", contentType).put("content", content);
    }

    static Attachment fromJson(JsonObject json) {
      return new Attachment(json.getString("filename"), json.getString("content_type"), json.getBuffer("content"));
    }
  }

  public record SendCommand(long userId, String from, List<String> to, String subject, String html, String text,
      List<String> tags, List<Attachment> attachments) {
    static JsonObject toJson(SendCommand command) {
      JsonArray attachments = new JsonArray();
      command.attachments.forEach(attachment -> attachments.add(attachment.toJson()));
      return new JsonObject().put("user_id", command.userId).put("from", command.from)
          .put("to", new JsonArray(command.to)).put("subject", command.subject).put("html", command.html)
          .put("text", command.text).put("tags", new JsonArray(command.tags)).put("attachments", attachments);
    }

    static SendCommand fromJson(JsonObject json) {
      List<Attachment> attachments = new ArrayList<>();
      json.getJsonArray("attachments").forEach(item -> attachments.add(Attachment.fromJson((JsonObject) item)));
      return new SendCommand(json.getLong("user_id"), json.getString("from"), strings(json.getJsonArray("to")),
          json.getString("subject"), json.getString("html"), json.getString("text"),
          strings(json.getJsonArray("tags")), attachments);
    }
  }

  public record CreateEmail(long userId, String from, List<String> to, String subject, String html, String text,
      List<String> tags) {
    static JsonObject toJson(CreateEmail create) {
      return new JsonObject().put("user_id", create.userId).put("from", create.from)
          .put("to", new JsonArray(create.to)).put("subject", create.subject).put("html", create.html)
          .put("text", create.text).put("tags", new JsonArray(create.tags));
    }

    static CreateEmail fromJson(JsonObject json) {
      return new CreateEmail(json.getLong("user_id"), json.getString("from"), strings(json.getJsonArray("to")),
          json.getString("subject"), json.getString("html"), json.getString("text"),
          strings(json.getJsonArray("tags")));
    }
  }

  public record EmailCreated(long id, Instant createdAt) {
    static JsonObject toJson(EmailCreated created) {
      return new JsonObject().put("id", created.id).put("created_at", created.createdAt);
    }

    static EmailCreated fromJson(JsonObject json) {
      return new EmailCreated(json.getLong("id"), json.getInstant("created_at"));
    }
  }

  public record AcceptEmail(long emailId, String sesMessageId) {
    static JsonObject toJson(AcceptEmail accept) {
      return new JsonObject().put("email_id", accept.emailId).put("ses_message_id", accept.sesMessageId);
    }

    static AcceptEmail fromJson(JsonObject json) {
      return new AcceptEmail(json.getLong("email_id"), json.getString("ses_message_id"));
    }
  }

  public record StatusChange(long emailId, long userId, String status, String previousStatus, Instant occurredAt,
      String sesMessageId) {
    static JsonObject toJson(StatusChange change) {
      return new JsonObject().put("email_id", change.emailId).put("user_id", change.userId)
          .put("status", change.status).put("previous_status", change.previousStatus)
          .put("occurred_at", change.occurredAt).put("ses_message_id", change.sesMessageId);
    }

    static StatusChange fromJson(JsonObject json) {
      return new StatusChange(json.getLong("email_id"), json.getLong("user_id"), json.getString("status"),
          json.getString("previous_status"), json.getInstant("occurred_at"), json.getString("ses_message_id"));
    }
  }

  public record SendResult(long emailId, String status) {
    static JsonObject toJson(SendResult result) {
      return new JsonObject().put("email_id", result.emailId).put("status", result.status);
    }

    static SendResult fromJson(JsonObject json) {
      return new SendResult(json.getLong("email_id"), json.getString("status"));
    }
  }

  private static List<String> strings(JsonArray array) {
    List<String> strings = new ArrayList<>(array.size());
    array.forEach(item -> strings.add((String) item));
    return strings;
  }
}
