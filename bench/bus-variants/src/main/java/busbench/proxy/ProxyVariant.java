package busbench.proxy;

import busbench.Payload;
import busbench.Variant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.impl.codecs.JsonObjectMessageCodec;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Variant A: {@code @ProxyGen} services with {@code @DataObject} requests and replies. */
public final class ProxyVariant implements Variant {

  static final class Dispatch extends VerticleBase implements DispatchService {
    private EmailStoreService emails;

    @Override
    public Future<?> start() {
      emails = EmailStoreService.client(vertx);
      return new ServiceBinder(vertx).setAddress(ADDRESS).register(DispatchService.class, this).completion();
    }

    @Override
    public Future<SendResult> send(SendCommand command) {
      long attachmentBytes = 0;
      for (Attachment attachment : command.getAttachments()) {
        attachmentBytes += attachment.getContent().length();
      }
      long size = attachmentBytes;
      CreateEmail create = new CreateEmail().setUserId(command.getUserId()).setFrom(command.getFrom())
          .setTo(command.getTo()).setSubject(command.getSubject()).setHtml(command.getHtml())
          .setText(command.getText()).setTags(command.getTags());
      return emails.create(create)
          .compose(created -> emails.accept(new AcceptEmail().setEmailId(created.getId())
              .setSesMessageId("ses-" + created.getId() + "-" + size)))
          .map(change -> new SendResult().setEmailId(change.getEmailId()).setStatus(change.getStatus()));
    }
  }

  static final class Store extends VerticleBase implements EmailStoreService {
    private final AtomicLong ids = new AtomicLong();

    @Override
    public Future<?> start() {
      return new ServiceBinder(vertx).setAddress(ADDRESS).register(EmailStoreService.class, this).completion();
    }

    @Override
    public Future<EmailCreated> create(CreateEmail request) {
      return Future.succeededFuture(new EmailCreated().setId(ids.incrementAndGet()).setCreatedAt(Instant.now()));
    }

    @Override
    public Future<StatusChange> accept(AcceptEmail request) {
      return Future.succeededFuture(new StatusChange().setEmailId(request.getEmailId()).setUserId(Payload.USER_ID)
          .setStatus("accepted").setPreviousStatus("queued").setOccurredAt(Instant.now())
          .setSesMessageId(request.getSesMessageId()));
    }
  }

  @Override
  public Future<Supplier<Future<?>>> setUp(Vertx vertx, boolean withAttachments) {
    return vertx.deployVerticle(new Store())
        .compose(id -> vertx.deployVerticle(new Dispatch()))
        .map(id -> {
          DispatchService dispatch = DispatchService.client(vertx);
          return () -> dispatch.send(command(withAttachments));
        });
  }

  static SendCommand command(boolean withAttachments) {
    List<Attachment> attachments = new ArrayList<>(2);
    if (withAttachments) {
      for (int i = 0; i < 2; i++) {
        attachments.add(new Attachment().setFilename(Payload.ATTACHMENT_NAMES.get(i))
            .setContentType(Payload.ATTACHMENT_TYPE)
            .setContent(Payload.decodedAttachment(i)));
      }
    }
    return new SendCommand().setUserId(Payload.USER_ID).setFrom(Payload.FROM).setTo(Payload.TO)
        .setSubject(Payload.SUBJECT).setHtml(Payload.HTML).setText(Payload.TEXT).setTags(Payload.TAGS)
        .setAttachments(attachments);
  }

  private static final JsonObjectMessageCodec JSON_CODEC = new JsonObjectMessageCodec();
  private static final SendCommand WIRE_PLAIN = command(false);
  private static final SendCommand WIRE_ATTACHED = command(true);

  /** What a clustered proxy call does: data object to JSON, JSON codec on the wire, JSON back to a data object. */
  @Override
  public Object wireRoundTrip(boolean withAttachments) {
    SendCommand command = withAttachments ? WIRE_ATTACHED : WIRE_PLAIN;
    JsonObject envelope = new JsonObject().put("command", command.toJson());
    Buffer wire = Buffer.buffer();
    JSON_CODEC.encodeToWire(wire, envelope);
    JsonObject received = JSON_CODEC.decodeFromWire(0, wire);
    return new SendCommand(received.getJsonObject("command"));
  }
}
