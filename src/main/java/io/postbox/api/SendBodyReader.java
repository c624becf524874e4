package io.postbox.api;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Step 4 of SPEC §4.3: reads a JSON, urlencoded or multipart body within the limits of §4.1 and §22. */
final class SendBodyReader {
  static final long TEXT_BODY_LIMIT = 10L * 1024 * 1024;
  static final long MULTIPART_BODY_LIMIT = 51L * 1024 * 1024;
  static final long FILE_LIMIT = 10L * 1024 * 1024;
  static final int TEXT_PART_LIMIT = 1_048_576;
  private static final int MAX_FORM_PARAMS = 100_000;

  /** The request must be paused; this reads it to the end. */
  Future<SendBody> read(HttpServerRequest request) {
    String contentType = request.getHeader("Content-Type");
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return switch (mediaType) {
      case "application/json" -> readWhole(request).map(SendBodyReader::parseJson);
      case "application/x-www-form-urlencoded" -> readWhole(request).map(SendBodyReader::parseUrlEncoded);
      case "multipart/form-data" -> readMultipart(request);
      default -> readWhole(request).map(ignored -> new SendBody(new JsonObject(), List.of()));
    };
  }

  private static Future<Buffer> readWhole(HttpServerRequest request) {
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    boolean[] tooLarge = {false};
    request.handler(chunk -> {
      if (!tooLarge[0] && body.length() + chunk.length() > TEXT_BODY_LIMIT) {
        tooLarge[0] = true;
      }
      if (!tooLarge[0]) {
        body.appendBuffer(chunk);
      }
    });
    request.exceptionHandler(failure -> promise.tryFail(malformed()));
    request.endHandler(end -> {
      if (tooLarge[0]) {
        promise.tryFail(malformed());
      } else {
        promise.tryComplete(body);
      }
    });
    request.resume();
    return promise.future();
  }

  private static SendBody parseJson(Buffer body) {
    if (body.length() == 0) {
      return new SendBody(new JsonObject(), List.of());
    }
    try {
      return new SendBody(new JsonObject(body), List.of());
    } catch (DecodeException | ClassCastException notAnObject) {
      throw malformed();
    }
  }

  private static SendBody parseUrlEncoded(Buffer body) {
    try {
      QueryStringDecoder decoder =
          new QueryStringDecoder(body.toString(StandardCharsets.UTF_8), StandardCharsets.UTF_8, false, MAX_FORM_PARAMS);
      JsonObject fields = new JsonObject();
      for (Map.Entry<String, List<String>> entry : decoder.parameters().entrySet()) {
        List<String> values = entry.getValue();
        fields.put(entry.getKey(), values.size() == 1 ? values.get(0) : new JsonArray(new ArrayList<>(values)));
      }
      return new SendBody(fields, List.of());
    } catch (IllegalArgumentException badEncoding) {
      throw malformed();
    }
  }

  private static Future<SendBody> readMultipart(HttpServerRequest request) {
    Promise<SendBody> promise = Promise.promise();
    String declaredLength = request.getHeader("Content-Length");
    if (declaredLength != null && declaredLength.matches("\\d{1,18}") && Long.parseLong(declaredLength) > MULTIPART_BODY_LIMIT) {
      return drain(request, malformed());
    }
    List<SendBody.Upload> attachments = new ArrayList<>();
    List<String> otherFileParts = new ArrayList<>();
    long[] received = {0};
    request.setExpectMultipart(true);
    request.handler(chunk -> {
      received[0] += chunk.length();
      if (received[0] > MULTIPART_BODY_LIMIT) {
        promise.tryFail(malformed());
      }
    });
    request.uploadHandler(upload -> {
      Buffer content = Buffer.buffer();
      upload.handler(chunk -> {
        if (content.length() + chunk.length() >= FILE_LIMIT) {
          promise.tryFail(new ApiErrorException(
              new ApiError(413, "attachment_limit", "Size of one or more attachments exceeds limit")));
        } else if (!promise.future().isComplete()) {
          content.appendBuffer(chunk);
        }
      });
      upload.endHandler(end -> {
        if ("attachments".equals(upload.name())) {
          attachments.add(new SendBody.Upload(upload.filename(), content));
        } else {
          otherFileParts.add(upload.name());
        }
      });
    });
    request.exceptionHandler(failure -> promise.tryFail(malformed()));
    request.endHandler(end -> {
      if (promise.future().isComplete()) {
        return;
      }
      try {
        promise.tryComplete(new SendBody(formFields(request.formAttributes(), otherFileParts), attachments));
      } catch (ApiErrorException e) {
        promise.tryFail(e);
      }
    });
    request.resume();
    return promise.future();
  }

  private static JsonObject formFields(MultiMap attributes, List<String> otherFileParts) {
    JsonObject fields = new JsonObject();
    for (String name : attributes.names()) {
      List<String> values = attributes.getAll(name);
      for (String value : values) {
        if (value.getBytes(StandardCharsets.UTF_8).length > TEXT_PART_LIMIT) {
          throw new ApiErrorException(ApiError.validation(tooLongMessage(name)));
        }
      }
      fields.put(name, values.size() == 1 ? values.get(0) : new JsonArray(new ArrayList<>(values)));
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

  private static Future<SendBody> drain(HttpServerRequest request, ApiErrorException failure) {
    request.handler(ignored -> { });
    request.resume();
    return Future.failedFuture(failure);
  }

  private static ApiErrorException malformed() {
    return new ApiErrorException(ApiError.malformed());
  }
}
