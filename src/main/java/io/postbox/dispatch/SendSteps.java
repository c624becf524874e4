package io.postbox.dispatch;

import io.postbox.contract.ApiErrorException;
import io.postbox.contract.DefaultFrom;
import io.postbox.contract.Dispatch;
import io.postbox.contract.EmailStore;
import io.postbox.contract.EmailStore.Acceptance;
import io.postbox.contract.EmailStore.AttachmentMetadata;
import io.postbox.contract.EmailStore.Created;
import io.postbox.contract.EmailStore.NewEmail;
import io.postbox.contract.FromAddress;
import io.postbox.contract.PixelTokens;
import io.postbox.contract.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Steps 9–16 of SPEC §4.3 for one validated send request. */
final class SendSteps {
  private static final int INLINE_BODY_LIMIT = 32 * 1024;
  private final Vertx vertx;
  private final EmailStore store;
  private final Acceptances acceptances;
  private final SesGateway ses;
  private final DispatchSettings settings;
  private final HtmlSanitizer sanitizer = new HtmlSanitizer();
  private final AttachmentTypes attachmentTypes = new AttachmentTypes();
  private final MimeMessageFactory mimeFactory = new MimeMessageFactory();
  private final PixelInserter pixelInserter;
  private final Consumer<SandboxEvents.SandboxEmail> afterAccepted;
  private final SesGateway testSes;
  private final Consumer<SandboxEvents.SandboxEmail> afterTestAccepted;

  SendSteps(Vertx vertx, EmailStore store, Acceptances acceptances, SesGateway ses, DispatchSettings settings,
      Consumer<SandboxEvents.SandboxEmail> afterAccepted) {
    this(vertx, store, acceptances, ses, settings, afterAccepted, ses, afterAccepted);
  }

  /** {@code testSes} and {@code afterTestAccepted}: the sandbox simulator that test keys' sends go through (§28). */
  SendSteps(Vertx vertx, EmailStore store, Acceptances acceptances, SesGateway ses, DispatchSettings settings,
      Consumer<SandboxEvents.SandboxEmail> afterAccepted, SesGateway testSes,
      Consumer<SandboxEvents.SandboxEmail> afterTestAccepted) {
    this.vertx = vertx;
    this.store = store;
    this.acceptances = acceptances;
    this.ses = ses;
    this.settings = settings;
    this.afterAccepted = afterAccepted;
    this.testSes = testSes;
    this.afterTestAccepted = afterTestAccepted;
    this.pixelInserter = settings.pixelMode()
        ? new PixelInserter(settings.trackingBaseUrl(), new PixelTokens(settings.trackingSecret())) : null;
  }

  Future<Dispatch.Sent> send(Dispatch.SendCommand command) {
    JsonObject request = command.request();
    List<AttachmentFile> attachments = bytesOf(command.attachments());
    DefaultFrom defaultFrom = settings.defaultFrom();
    String from = request.getString("from") != null ? request.getString("from") : defaultFrom.normalised();
    FromAddress fromAddress = FromAddress.parse(from);
    NewEmail email = newRow(command.userId(), request, from, fromAddress, attachments, command.test());
    return store.create(email)
        .compose(row -> {
          SendFailure refused = checkSender(from, fromAddress, row);
          if (refused != null) {
            return fail(row, refused);
          }
          return prepare(() -> compose(request, from, row, attachments), request, attachments)
              .compose(prepared -> prepared.failure() != null
                  ? fail(row, prepared.failure()) : send(email, row, prepared));
        });
  }

  /**
   * Sanitizing and MIME building take a fraction of a millisecond for an ordinary message, less than a hop to a
   * worker thread and back; large bodies and attachments are prepared on a worker so no event loop waits on them.
   */
  private Future<PreparedMessage> prepare(Callable<PreparedMessage> work, JsonObject request,
      List<AttachmentFile> attachments) {
    if (attachments.isEmpty() && request.getString("body").length() <= INLINE_BODY_LIMIT) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return vertx.executeBlocking(work, false);
  }

  private static NewEmail newRow(long userId, JsonObject request, String from, FromAddress fromAddress,
      List<AttachmentFile> attachments, boolean test) {
    JsonObject params = new JsonObject()
        .put("body", request.getString("body"))
        .put("from", from)
        .put("subject", request.getString("subject"));
    if (request.getString("reply_to") != null) {
      params.put("reply_to", request.getString("reply_to"));
    }
    List<AttachmentMetadata> metadata = new ArrayList<>();
    for (AttachmentFile attachment : attachments) {
      metadata.add(new AttachmentMetadata(attachment.fileName(), attachment.size(), attachment.md5Hex()));
    }
    return new NewEmail(userId, from, fromAddress.address(), request.getString("recipient"), params, metadata,
        request.getString("classification"), request.getString("tag"), request.getBoolean("disable_tracking", false),
        strings(request.getJsonArray("cc")), strings(request.getJsonArray("bcc")),
        request.getJsonObject("metadata", new JsonObject()), test);
  }

  /** Steps 10–12. */
  private SendFailure checkSender(String from, FromAddress fromAddress, Created row) {
    if (!settings.defaultFrom().isDefault(from)) {
      if (!fromAddress.address().equals(row.userEmail())) {
        return SendFailure.invalidFrom();
      }
      if (!row.fromVerified()) {
        return SendFailure.unverifiedFrom();
      }
    }
    if (row.recipientBlacklisted()) {
      return SendFailure.blacklisted();
    }
    return null;
  }

  /** Steps 13–14 and the MIME message; CPU work, so it runs off the event loop. */
  private PreparedMessage compose(JsonObject request, String from, Created row, List<AttachmentFile> attachments) {
    String subject = sanitizer.sanitizeSubject(request.getString("subject"));
    String body = sanitizer.sanitizeBody(request.getString("body"));
    if (HtmlSanitizer.isBlank(subject) || HtmlSanitizer.isBlank(body)) {
      return PreparedMessage.failed(SendFailure.emptyAfterSanitizing());
    }
    for (AttachmentFile attachment : attachments) {
      if (!attachmentTypes.isAllowed(attachment.fileName(), attachment.content())) {
        return PreparedMessage.failed(SendFailure.unsupportedFileType());
      }
    }
    if (pixelInserter != null && !request.getBoolean("disable_tracking", false)) {
      body = pixelInserter.insert(body, row.emailId());
    }
    String replyTo = request.getString("reply_to") != null ? request.getString("reply_to") : row.userEmail();
    MimeMessageFactory.OutgoingEmail email = new MimeMessageFactory.OutgoingEmail(from, request.getString("recipient"),
        row.keptCc(), row.keptBcc(), replyTo, subject, body,
        attachments, request.getString("body").contains("src=\"cid:"));
    return new PreparedMessage(mimeFactory.build(email), null);
  }

  /**
   * Steps 15–16. Once SES has the message its events will come whatever happens here, so the sandbox plays them
   * even when the acceptance could not be committed (SPEC §24: they bring the row up to date). The 201 body is the
   * committed row with the params this send already has.
   */
  private Future<Dispatch.Sent> send(NewEmail email, Created row, PreparedMessage prepared) {
    String emailId = Long.toString(row.emailId());
    String configurationSet = settings.configurationSetFor(email.disableTracking());
    SesGateway gateway = email.test() ? testSes : ses;
    Consumer<SandboxEvents.SandboxEmail> simulator = email.test() ? afterTestAccepted : afterAccepted;
    return gateway.send(prepared.raw(), emailId, configurationSet)
        .recover(failure -> failure instanceof SesSendException refused
            ? fail(row, refused.toSendFailure()) : Future.failedFuture(failure))
        .compose(messageId -> {
          Instant acceptedAt = Timestamps.nowMillis();
          SandboxEvents.SandboxEmail sent = new SandboxEvents.SandboxEmail(emailId, messageId, acceptedAt,
              email.from(), email.recipient(), row.keptCc(), row.keptBcc(), email.params().getString("subject"),
              configurationSet);
          return acceptances.commit(new Acceptance(row.emailId(), acceptedAt, messageId, configurationSet))
              .map(accepted -> new Dispatch.Sent(withParams(accepted.email(), email.params())))
              .onComplete(committedOrNot -> simulator.accept(sent));
        });
  }

  /** The email object of SPEC §4.4: {@code params} goes after {@code recipient}. */
  private static JsonObject withParams(JsonObject emailWithoutParams, JsonObject params) {
    JsonObject email = new JsonObject();
    for (Map.Entry<String, Object> field : emailWithoutParams) {
      email.put(field.getKey(), field.getValue());
      if ("recipient".equals(field.getKey())) {
        email.put("params", params);
      }
    }
    return email;
  }

  private <T> Future<T> fail(Created row, SendFailure failure) {
    return store.sendFailed(new EmailStore.SendFailed(row.emailId(), failure.errorCode(), failure.errorSubType()))
        .compose(recorded -> Future.failedFuture(new ApiErrorException(failure.error(), failure.retryAfterSeconds())));
  }

  /** The one copy of each file's bytes on the send path: MIME building and the type checks read byte arrays. */
  private static List<AttachmentFile> bytesOf(List<Dispatch.Attachment> files) {
    List<AttachmentFile> attachments = new ArrayList<>();
    for (Dispatch.Attachment file : files) {
      attachments.add(new AttachmentFile(file.fileName(), file.content().getBytes()));
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
