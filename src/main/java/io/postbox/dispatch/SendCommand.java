package io.postbox.dispatch;

import io.postbox.contract.ApiErrorException;
import io.postbox.contract.DefaultFrom;
import io.postbox.contract.FromAddress;
import io.postbox.contract.PixelTokens;
import io.postbox.contract.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Steps 9–16 of SPEC §4.3 for one validated send request. */
final class SendCommand {
  private static final int INLINE_BODY_LIMIT = 32 * 1024;
  private final Vertx vertx;
  private final EmailRecords records;
  private final SesGateway ses;
  private final DispatchSettings settings;
  private final HtmlSanitizer sanitizer = new HtmlSanitizer();
  private final AttachmentTypes attachmentTypes = new AttachmentTypes();
  private final MimeMessageFactory mimeFactory = new MimeMessageFactory();
  private final PixelInserter pixelInserter;
  private final Consumer<SandboxEvents.SandboxEmail> afterAccepted;

  SendCommand(Vertx vertx, EmailRecords records, SesGateway ses, DispatchSettings settings,
      Consumer<SandboxEvents.SandboxEmail> afterAccepted) {
    this.vertx = vertx;
    this.records = records;
    this.ses = ses;
    this.settings = settings;
    this.afterAccepted = afterAccepted;
    this.pixelInserter = settings.pixelMode()
        ? new PixelInserter(settings.trackingBaseUrl(), new PixelTokens(settings.trackingSecret())) : null;
  }

  Future<JsonObject> handle(JsonObject command) {
    JsonObject request = command.getJsonObject("request");
    List<Attachment> attachments = decode(command.getJsonArray("attachments", new JsonArray()));
    DefaultFrom defaultFrom = settings.defaultFrom();
    String from = request.getString("from") != null ? request.getString("from") : defaultFrom.normalised();
    FromAddress fromAddress = FromAddress.parse(from);
    return records.create(newRow(command.getLong("user_id"), request, from, fromAddress, attachments))
        .compose(row -> {
          SendFailure refused = checkSender(from, fromAddress, row);
          if (refused != null) {
            return fail(row, refused);
          }
          return prepare(() -> compose(request, from, row, attachments), request, attachments)
              .compose(prepared -> prepared.failure() != null
                  ? fail(row, prepared.failure()) : send(request, from, row, prepared));
        });
  }

  /**
   * Sanitizing and MIME building take a fraction of a millisecond for an ordinary message, less than a hop to a
   * worker thread and back; large bodies and attachments are prepared on a worker so no event loop waits on them.
   */
  private Future<PreparedMessage> prepare(Callable<PreparedMessage> work, JsonObject request,
      List<Attachment> attachments) {
    if (attachments.isEmpty() && request.getString("body").length() <= INLINE_BODY_LIMIT) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return vertx.executeBlocking(work, false);
  }

  private JsonObject newRow(long userId, JsonObject request, String from, FromAddress fromAddress,
      List<Attachment> attachments) {
    JsonObject params = new JsonObject()
        .put("body", request.getString("body"))
        .put("from", from)
        .put("subject", request.getString("subject"));
    if (request.getString("reply_to") != null) {
      params.put("reply_to", request.getString("reply_to"));
    }
    JsonArray metadata = null;
    if (!attachments.isEmpty()) {
      metadata = new JsonArray();
      for (Attachment attachment : attachments) {
        metadata.add(new JsonObject()
            .put("fileName", attachment.fileName())
            .put("fileSize", attachment.size())
            .put("hash", attachment.md5Hex()));
      }
    }
    return new JsonObject()
        .put("user_id", userId)
        .put("from", from)
        .put("from_address", fromAddress.address())
        .put("recipient", request.getString("recipient"))
        .put("params", params)
        .put("attachments_metadata", metadata)
        .put("classification", request.getString("classification"))
        .put("tag", request.getString("tag"))
        .put("disable_tracking", request.getBoolean("disable_tracking", false))
        .put("cc", request.getJsonArray("cc"))
        .put("bcc", request.getJsonArray("bcc"));
  }

  /** Steps 10–12. */
  private SendFailure checkSender(String from, FromAddress fromAddress, JsonObject row) {
    if (!settings.defaultFrom().isDefault(from)) {
      if (!fromAddress.address().equals(row.getString("user_email"))) {
        return SendFailure.invalidFrom();
      }
      if (!row.getBoolean("from_verified")) {
        return SendFailure.unverifiedFrom();
      }
    }
    if (row.getBoolean("recipient_blacklisted")) {
      return SendFailure.blacklisted();
    }
    return null;
  }

  /** Steps 13–14 and the MIME message; CPU work, so it runs off the event loop. */
  private PreparedMessage compose(JsonObject request, String from, JsonObject row, List<Attachment> attachments) {
    String subject = sanitizer.sanitizeSubject(request.getString("subject"));
    String body = sanitizer.sanitizeBody(request.getString("body"));
    if (HtmlSanitizer.isBlank(subject) || HtmlSanitizer.isBlank(body)) {
      return PreparedMessage.failed(SendFailure.emptyAfterSanitizing());
    }
    for (Attachment attachment : attachments) {
      if (!attachmentTypes.isAllowed(attachment.fileName(), attachment.content())) {
        return PreparedMessage.failed(SendFailure.unsupportedFileType());
      }
    }
    if (pixelInserter != null && !request.getBoolean("disable_tracking", false)) {
      body = pixelInserter.insert(body, Long.parseLong(row.getString("email_id")));
    }
    String replyTo = request.getString("reply_to") != null ? request.getString("reply_to") : row.getString("user_email");
    MimeMessageFactory.OutgoingEmail email = new MimeMessageFactory.OutgoingEmail(from, request.getString("recipient"),
        strings(row.getJsonArray("kept_cc")), strings(row.getJsonArray("kept_bcc")), replyTo, subject, body,
        attachments, request.getString("body").contains("src=\"cid:"));
    return new PreparedMessage(mimeFactory.build(email), null);
  }

  /**
   * Steps 15–16. Once SES has the message its events will come whatever happens here, so the sandbox plays them
   * even when the acceptance could not be committed (SPEC §24: they bring the row up to date).
   */
  private Future<JsonObject> send(JsonObject request, String from, JsonObject row, PreparedMessage prepared) {
    String emailId = row.getString("email_id");
    String configurationSet = settings.configurationSetFor(request.getBoolean("disable_tracking", false));
    return ses.send(prepared.raw(), emailId, configurationSet)
        .recover(failure -> failure instanceof SesSendException refused
            ? fail(row, refused.toSendFailure()) : Future.failedFuture(failure))
        .compose(messageId -> {
          String acceptedAt = Timestamps.format(Timestamps.nowMillis());
          SandboxEvents.SandboxEmail sent = new SandboxEvents.SandboxEmail(emailId, messageId,
              Timestamps.parse(acceptedAt), from,
              request.getString("recipient"), strings(row.getJsonArray("kept_cc")),
              strings(row.getJsonArray("kept_bcc")), request.getString("subject"), configurationSet);
          return records.accepted(new JsonObject()
                  .put("email_id", emailId)
                  .put("accepted_at", acceptedAt)
                  .put("ses_message_id", messageId)
                  .put("configuration_set", configurationSet))
              .map(accepted -> accepted.getJsonObject("email"))
              .onComplete(committedOrNot -> afterAccepted.accept(sent));
        });
  }

  private <T> Future<T> fail(JsonObject row, SendFailure failure) {
    return records.sendFailed(new JsonObject()
            .put("email_id", row.getString("email_id"))
            .put("error_code", failure.errorCode())
            .put("error_sub_type", failure.errorSubType()))
        .compose(recorded -> Future.failedFuture(new ApiErrorException(failure.error(), failure.retryAfterSeconds())));
  }

  private static List<Attachment> decode(JsonArray files) {
    List<Attachment> attachments = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      JsonObject file = files.getJsonObject(i);
      attachments.add(new Attachment(file.getString("file_name"), Base64.getDecoder().decode(file.getString("content"))));
    }
    return attachments;
  }

  private static List<String> strings(JsonArray array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add((String) value));
    return values;
  }

  private record PreparedMessage(byte[] raw, SendFailure failure) {
    static PreparedMessage failed(SendFailure failure) {
      return new PreparedMessage(null, failure);
    }
  }
}
