package io.postbox.contract;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Steps 9–16 of SPEC §4.3 for a send that the api has checked (steps 1–8): the row, the checks, MIME, SES. */
public interface Dispatch {
  Endpoint<SendCommand, Sent> SEND = new Endpoint<>("postbox.internal.dispatch.send.v1",
      SendCommand.class, Sent.class);
  Endpoint<BatchCommand, BatchSent> SEND_BATCH = new Endpoint<>("postbox.internal.dispatch.send-batch.v1",
      BatchCommand.class, BatchSent.class);
  List<Endpoint<?, ?>> ENDPOINTS = List.of(SEND, SEND_BATCH);

  Future<Sent> send(SendCommand command);

  /** Steps 9–16 for the valid items of a batch send (SPEC §29): one create and one acceptance for them all. */
  Future<BatchSent> sendBatch(BatchCommand command);

  /**
   * {@code request}: the fields of §4.2 as the api validated them; {@code attachments} in upload order; {@code test}:
   * sent with a test key, so it goes through the sandbox simulator whatever the node's mode (SPEC §28).
   */
  record SendCommand(long userId, JsonObject request, List<Attachment> attachments, boolean test) {
    public SendCommand {
      attachments = List.copyOf(attachments);
    }

    public SendCommand(long userId, JsonObject request, List<Attachment> attachments) {
      this(userId, request, attachments, false);
    }
  }

  /**
   * {@code requests}: the fields of §4.2 of each item as the api validated them, without attachments; {@code test}
   * as in {@link SendCommand}.
   */
  record BatchCommand(long userId, List<JsonObject> requests, boolean test) {
    public BatchCommand {
      requests = List.copyOf(requests);
    }
  }

  /** One outcome per request, in the requests' order. */
  record BatchSent(List<ItemOutcome> items) {
    public BatchSent {
      items = List.copyOf(items);
    }
  }

  /** Either the email object of a 201, or the error the item would have been answered with on its own. */
  record ItemOutcome(JsonObject email, ApiError error) {
  }

  /** A file part as uploaded; the sender never changes {@code content} after sending it. */
  record Attachment(String fileName, Buffer content) {
  }

  /** The 201 body: the email object of SPEC §4.4. */
  record Sent(JsonObject email) {
  }
}
