package io.postbox.dispatch;

import io.postbox.contract.ApiError;
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
    if (email.scheduledAt() != null) {
      return store.create(email).compose(row -> scheduled(command.userId(), row)).map(Dispatch.Sent::new);
    }
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
   * Steps 9–16 for the items of a batch send (SPEC §29): one statement creates every row, each item is checked and
   * handed to SES on its own, and one transaction accepts every message SES took. Each item ends as it would on
   * its own: the email, or the error its single send would have answered.
   */
  Future<Dispatch.BatchSent> sendBatch(Dispatch.BatchCommand command) {
    List<JsonObject> requests = command.requests();
    List<NewEmail> emails = new ArrayList<>();
    for (JsonObject request : requests) {
      String from = fromOf(request);
      emails.add(newRow(command.userId(), request, from, FromAddress.parse(from), List.of(), command.test()));
    }
    return store.createMany(new EmailStore.NewEmails(emails)).compose(created -> {
      List<Future<ItemSend>> sends = new ArrayList<>();
      for (int i = 0; i < requests.size(); i++) {
        NewEmail email = emails.get(i);
        Created row = created.created().get(i);
        sends.add(email.scheduledAt() == null ? sendItem(requests.get(i), email, row)
            : scheduled(command.userId(), row).map(stored -> new ItemSend(email, row, null, null, null, stored))
                .recover(failure -> Future.succeededFuture(new ItemSend(email, row, null, null, errorOf(failure),
                    null))));
      }
      return Future.join(sends).transform(allSettled -> acceptAll(sends.stream().map(Future::result).toList()));
    });
  }

  private String fromOf(JsonObject request) {
    return request.getString("from") != null ? request.getString("from") : settings.defaultFrom().normalised();
  }

  /** Steps 10–15 of one batch item; never fails: a failure is the item's outcome. */
  private Future<ItemSend> sendItem(JsonObject request, NewEmail email, Created row) {
    SendFailure refused = checkSender(email.from(), FromAddress.parse(email.from()), row);
    Future<ItemSend> sent = refused != null ? itemFailed(email, row, refused) : sendChecked(request, email, row);
    return sent.recover(failure -> Future.succeededFuture(new ItemSend(email, row, null, null, errorOf(failure))));
  }

  private Future<ItemSend> sendChecked(JsonObject request, NewEmail email, Created row) {
    String configurationSet = settings.configurationSetFor(email.disableTracking());
    // many items at once: their sanitizing and MIME building would hold the event loop for too long together
    return vertx.executeBlocking(() -> compose(request, email.from(), row, List.of()), false)
        .compose(prepared -> prepared.failure() != null ? itemFailed(email, row, prepared.failure())
            : gatewayFor(email).send(prepared.raw(), Long.toString(row.emailId()), configurationSet)
                .map(messageId -> new ItemSend(email, row, messageId, configurationSet, null))
                .recover(failure -> failure instanceof SesSendException refusedBySes
                    ? itemFailed(email, row, refusedBySes.toSendFailure()) : Future.failedFuture(failure)));
  }

  private Future<ItemSend> itemFailed(NewEmail email, Created row, SendFailure failure) {
    return store.sendFailed(new EmailStore.SendFailed(row.emailId(), failure.errorCode(), failure.errorSubType()))
        .map(recorded -> new ItemSend(email, row, null, null, failure.error()));
  }

  /** Step 16 for every item SES took, in one transaction; then the sandbox plays their events. */
  private Future<Dispatch.BatchSent> acceptAll(List<ItemSend> items) {
    Instant acceptedAt = Timestamps.nowMillis();
    List<Acceptance> toAccept = new ArrayList<>();
    for (ItemSend item : items) {
      if (item.messageId() != null) {
        toAccept.add(new Acceptance(item.row().emailId(), acceptedAt, item.messageId(), item.configurationSet()));
      }
    }
    return acceptances.commitMany(toAccept).transform(committed -> {
      List<Dispatch.ItemOutcome> outcomes = new ArrayList<>();
      int accepted = 0;
      for (ItemSend item : items) {
        if (item.scheduledEmail() != null) {
          outcomes.add(new Dispatch.ItemOutcome(item.scheduledEmail(), null));
        } else if (item.messageId() == null) {
          outcomes.add(new Dispatch.ItemOutcome(null, item.error()));
        } else {
          simulatorFor(item.email()).accept(new SandboxEvents.SandboxEmail(Long.toString(item.row().emailId()),
              item.messageId(),
              acceptedAt, item.email().from(), item.email().recipient(), item.row().keptCc(), item.row().keptBcc(),
              item.email().params().getString("subject"), item.configurationSet()));
          outcomes.add(committed.succeeded()
              ? new Dispatch.ItemOutcome(withParams(committed.result().get(accepted).email(), item.email().params()),
                  null)
              : new Dispatch.ItemOutcome(null, errorOf(committed.cause())));
          accepted++;
        }
      }
      return Future.succeededFuture(new Dispatch.BatchSent(outcomes));
    });
  }

  /** What the item's single send would have answered; the api puts its request id into a 500. */
  private static ApiError errorOf(Throwable failure) {
    ApiError error = ApiError.fromFailure(failure);
    return error != null ? error : new ApiError(500, "internal_server", "Internal Server Error");
  }

  /** {@code scheduledEmail}: the stored email of an item scheduled for later (SPEC §30), null otherwise. */
  private record ItemSend(NewEmail email, Created row, String messageId, String configurationSet, ApiError error,
      JsonObject scheduledEmail) {
    ItemSend(NewEmail email, Created row, String messageId, String configurationSet, ApiError error) {
      this(email, row, messageId, configurationSet, error, null);
    }
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
        request.getJsonObject("metadata", new JsonObject()), test,
        request.getString("send_at") == null ? null : Instant.parse(request.getString("send_at")));
  }

  /** SPEC §30: a scheduled email is answered as stored; steps 10–16 run at its time ({@link #sendDue}). */
  private Future<JsonObject> scheduled(long userId, Created row) {
    return store.scheduled(new EmailStore.EmailQuery(userId, row.emailId())).map(EmailStore.EmailObject::json);
  }

  /**
   * Steps 10–16 of SPEC §4.3 for due scheduled emails this node has claimed: each is checked as of now, handed to
   * SES and its acceptance committed as soon as SES answers, so that a crash can send it twice only between SES's
   * answer and that one statement. Completes when every email has been sent or has failed.
   */
  Future<Void> sendDue(List<EmailStore.DueEmail> due) {
    List<Future<?>> sends = new ArrayList<>();
    for (EmailStore.DueEmail email : due) {
      sends.add(sendDue(email));
    }
    return Future.join(sends).mapEmpty();
  }

  private Future<Void> sendDue(EmailStore.DueEmail due) {
    JsonObject params = due.params();
    JsonObject request = new JsonObject()
        .put("recipient", due.recipient())
        .put("subject", params.getString("subject"))
        .put("body", params.getString("body"))
        .put("from", due.from())
        .put("reply_to", params.getString("reply_to"))
        .put("disable_tracking", due.disableTracking());
    FromAddress fromAddress = FromAddress.parse(due.from());
    NewEmail email = new NewEmail(due.userId(), due.from(), fromAddress.address(), due.recipient(), params,
        List.of(), null, null, due.disableTracking(), due.keptCc(), due.keptBcc(), new JsonObject(), due.test(), null);
    Created row = new Created(due.emailId(), due.userEmail(),
        due.verifiedFromAddresses().contains(fromAddress.address()), due.recipientBlacklisted(), due.keptCc(),
        due.keptBcc());
    return sendItem(request, email, row).compose(item -> {
      if (item.messageId() == null) {
        return Future.succeededFuture();
      }
      Instant acceptedAt = Timestamps.nowMillis();
      return acceptances.commit(new Acceptance(row.emailId(), acceptedAt, item.messageId(), item.configurationSet()))
          .onComplete(committedOrNot -> simulatorFor(email).accept(new SandboxEvents.SandboxEmail(
              Long.toString(row.emailId()), item.messageId(), acceptedAt, email.from(), email.recipient(),
              row.keptCc(), row.keptBcc(), params.getString("subject"), item.configurationSet())))
          .mapEmpty();
    });
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
    Consumer<SandboxEvents.SandboxEmail> simulator = simulatorFor(email);
    return gatewayFor(email).send(prepared.raw(), emailId, configurationSet)
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

  /** A test key's email goes through the sandbox simulator whatever the node's mode (SPEC §28). */
  private SesGateway gatewayFor(NewEmail email) {
    return email.test() ? testSes : ses;
  }

  private Consumer<SandboxEvents.SandboxEmail> simulatorFor(NewEmail email) {
    return email.test() ? afterTestAccepted : afterAccepted;
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
