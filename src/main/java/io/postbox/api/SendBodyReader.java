package io.postbox.api;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Step 4 of SPEC §4.3: reads a JSON, urlencoded or multipart body within the limits of §4.1, §22 and §24, counting
 * while it streams and refusing as soon as a limit is passed.
 */
final class SendBodyReader {
  static final long TEXT_BODY_LIMIT = 10L * 1024 * 1024;
  static final long MULTIPART_BODY_LIMIT = 51L * 1024 * 1024;
  static final long FILE_LIMIT = 10L * 1024 * 1024;
  static final long ATTACHMENTS_TOTAL_LIMIT = 10L * 1024 * 1024;
  static final int TEXT_PART_LIMIT = 1_048_576;
  static final int MAX_PARTS = 100;
  private static final String METADATA_PREFIX = "metadata[";

  /** The request must be paused; this reads it to the end, or refuses the rest. */
  Future<SendBody> read(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return switch (mediaType) {
      case "application/json" -> textBody(ctx).map(SendBodyReader::parseJson);
      case "application/x-www-form-urlencoded" -> textBody(ctx).map(SendBodyReader::parseUrlEncoded);
      case "multipart/form-data" -> readMultipart(ctx, contentType);
      // read as an empty body, which never validates: the body itself is not needed
      default -> Future.succeededFuture(new SendBody(new JsonObject(), List.of()));
    };
  }

  private static Future<Buffer> textBody(RoutingContext ctx) {
    return RequestBodies.whole(ctx, TEXT_BODY_LIMIT, SendBodyReader::malformed);
  }

  private static SendBody parseJson(Buffer body) {
    if (body.length() == 0) {
      return new SendBody(new JsonObject(), List.of());
    }
    if (!Utf8Text.isValid(body)) {
      throw malformed();
    }
    try {
      return new SendBody(new JsonObject(body), List.of());
    } catch (DecodeException | ClassCastException notAnObject) {
      throw malformed();
    }
  }

  private static SendBody parseUrlEncoded(Buffer body) {
    Map<String, List<String>> decoded = FormUrlEncoded.decode(body.getBytes()).orElseThrow(SendBodyReader::malformed);
    return new SendBody(fields(decoded, List.of()), List.of());
  }

  private static Future<SendBody> readMultipart(RoutingContext ctx, String contentType) {
    MultipartCollector collector = new MultipartCollector();
    MultipartParser parser;
    try {
      parser = MultipartParser.forContentType(contentType, collector);
    } catch (MultipartParser.MalformedException noBoundary) {
      HttpResponses.refuseRestOfBody(ctx);
      return Future.failedFuture(malformed());
    }
    return RequestBodies.stream(ctx, MULTIPART_BODY_LIMIT, SendBodyReader::malformed, new RequestBodies.Sink<>() {
      @Override
      public void chunk(Buffer chunk) {
        try {
          parser.feed(chunk);
        } catch (MultipartParser.MalformedException unreadable) {
          throw malformed();
        }
      }

      @Override
      public SendBody end() {
        try {
          parser.end();
        } catch (MultipartParser.MalformedException unreadable) {
          throw malformed();
        }
        return collector.body();
      }
    });
  }

  /** Applies the part limits while the parts stream in and keeps the text fields and the attachments. */
  private static final class MultipartCollector implements MultipartParser.Listener {
    private final Map<String, List<String>> texts = new LinkedHashMap<>();
    private final List<String> otherFileParts = new ArrayList<>();
    private final List<SendBody.Upload> keptAttachments = new ArrayList<>();
    private long attachmentBytes;
    private long fileSize;
    private int parts;
    private String name;
    private String fileName;
    private Buffer content;

    @Override
    public void partBegin(String name, String fileName) {
      if (++parts > MAX_PARTS) {
        throw malformed();
      }
      this.name = name;
      this.fileName = fileName;
      this.content = Buffer.buffer();
      this.fileSize = 0;
      if (fileName != null && !"attachments".equals(name)) {
        otherFileParts.add(name);
        content = null;
      }
    }

    @Override
    public void partData(Buffer data) {
      if (content == null) {
        return;
      }
      long size = (fileName == null ? content.length() : fileSize) + (long) data.length();
      if (fileName == null && size > TEXT_PART_LIMIT) {
        throw new ApiErrorException(ApiError.validation(tooLongMessage(name)));
      }
      if (fileName != null && size >= FILE_LIMIT) {
        throw new ApiErrorException(
            new ApiError(413, "attachment_limit", "Size of one or more attachments exceeds limit"));
      }
      if (fileName != null) {
        fileSize += data.length();
        attachmentBytes += data.length();
        if (attachmentBytes > ATTACHMENTS_TOTAL_LIMIT) {
          // the files are refused together at step 6: only their sizes matter from here on
          content = Buffer.buffer();
          keptAttachments.replaceAll(kept -> new SendBody.Upload(kept.fileName(), Buffer.buffer(), kept.size()));
          return;
        }
      }
      content.appendBuffer(data);
    }

    @Override
    public void partEnd() {
      if (fileName == null) {
        String text = Utf8Text.decode(content).orElseThrow(SendBodyReader::malformed);
        texts.computeIfAbsent(name, ignored -> new ArrayList<>()).add(text);
      } else if (content != null) {
        keptAttachments.add(new SendBody.Upload(fileName, content, fileSize));
      }
      content = null;
    }

    SendBody body() {
      return new SendBody(fields(texts, otherFileParts), keptAttachments);
    }
  }

  /**
   * Form fields as JSON: one value as a string, a repeated name as an array; other file parts as empty fields. The
   * fields {@code metadata[<key>]} together make the object {@code metadata} (SPEC §26), unless a plain
   * {@code metadata} field is also there, which then is the value the validator judges.
   */
  private static JsonObject fields(Map<String, List<String>> values, List<String> otherFileParts) {
    JsonObject fields = new JsonObject();
    JsonObject metadata = new JsonObject();
    values.forEach((name, all) -> {
      Object value = all.size() == 1 ? all.get(0) : new JsonArray(new ArrayList<>(all));
      if (name.startsWith(METADATA_PREFIX) && name.endsWith("]")) {
        metadata.put(name.substring(METADATA_PREFIX.length(), name.length() - 1), value);
      } else {
        fields.put(name, value);
      }
    });
    if (!metadata.isEmpty() && !fields.containsKey("metadata")) {
      fields.put("metadata", metadata);
    }
    for (String name : otherFileParts) {
      if (!fields.containsKey(name)) {
        fields.put(name, "");
      }
    }
    return fields;
  }

  private static String tooLongMessage(String name) {
    if ("body".equals(name)) {
      return "body is a required string whose size must be less than or equal to 1MB in UTF-8 encoding";
    }
    return "\"" + name + "\" length must be less than or equal to " + TEXT_PART_LIMIT + " characters long";
  }

  private static ApiErrorException malformed() {
    return new ApiErrorException(ApiError.malformed());
  }
}
