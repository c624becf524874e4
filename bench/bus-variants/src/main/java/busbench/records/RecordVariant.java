package busbench.records;

import busbench.Payload;
import busbench.Variant;
import busbench.records.Messages.AcceptEmail;
import busbench.records.Messages.Attachment;
import busbench.records.Messages.CreateEmail;
import busbench.records.Messages.EmailCreated;
import busbench.records.Messages.SendCommand;
import busbench.records.Messages.SendResult;
import busbench.records.Messages.StatusChange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Variant B: records passed by reference, one registered codec per record type. */
public final class RecordVariant implements Variant {
  static final String DISPATCH_SEND = "records.dispatch.send";

  static final class Dispatch extends VerticleBase {
    private EmailStore emails;

    @Override
    public Future<?> start() {
      emails = new EmailStoreClient(vertx.eventBus());
      return ServiceBinding.bind(vertx.eventBus(), DISPATCH_SEND, this::send);
    }

    Future<SendResult> send(SendCommand command) {
      long attachmentBytes = 0;
      for (Attachment attachment : command.attachments()) {
        attachmentBytes += attachment.content().length();
      }
      long size = attachmentBytes;
      CreateEmail create = new CreateEmail(command.userId(), command.from(), command.to(), command.subject(),
          command.html(), command.text(), command.tags());
      return emails.create(create)
          .compose(created -> emails.accept(new AcceptEmail(created.id(), "ses-" + created.id() + "-" + size)))
          .map(change -> new SendResult(change.emailId(), change.status()));
    }
  }

  static final class Store extends VerticleBase implements EmailStore {
    private final AtomicLong ids = new AtomicLong();

    @Override
    public Future<?> start() {
      return EmailStoreServer.bind(vertx.eventBus(), this);
    }

    @Override
    public Future<EmailCreated> create(CreateEmail request) {
      return Future.succeededFuture(new EmailCreated(ids.incrementAndGet(), Instant.now()));
    }

    @Override
    public Future<StatusChange> accept(AcceptEmail request) {
      return Future.succeededFuture(new StatusChange(request.emailId(), Payload.USER_ID, "accepted", "queued",
          Instant.now(), request.sesMessageId()));
    }
  }

  @Override
  public Future<Supplier<Future<?>>> setUp(Vertx vertx, boolean withAttachments) {
    RecordCodec.registerAll(vertx.eventBus());
    return vertx.deployVerticle(new Store())
        .compose(id -> vertx.deployVerticle(new Dispatch()))
        .map(id -> () -> vertx.eventBus().<SendResult>request(DISPATCH_SEND, command(withAttachments))
            .map(Message::body));
  }

  static SendCommand command(boolean withAttachments) {
    List<Attachment> attachments = new ArrayList<>(2);
    if (withAttachments) {
      for (int i = 0; i < 2; i++) {
        attachments.add(new Attachment(Payload.ATTACHMENT_NAMES.get(i), Payload.ATTACHMENT_TYPE,
            Payload.decodedAttachment(i)));
      }
    }
    return new SendCommand(Payload.USER_ID, Payload.FROM, Payload.TO, Payload.SUBJECT, Payload.HTML, Payload.TEXT,
        Payload.TAGS, attachments);
  }

  private static final RecordCodec<SendCommand> WIRE_CODEC = new RecordCodec<>(SendCommand.class,
      SendCommand::toJson, SendCommand::fromJson);
  private static final SendCommand WIRE_PLAIN = command(false);
  private static final SendCommand WIRE_ATTACHED = command(true);

  @Override
  public Object wireRoundTrip(boolean withAttachments) {
    Buffer wire = Buffer.buffer();
    WIRE_CODEC.encodeToWire(wire, withAttachments ? WIRE_ATTACHED : WIRE_PLAIN);
    return WIRE_CODEC.decodeFromWire(0, wire);
  }
}
