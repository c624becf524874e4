package io.postbox.api;

import io.postbox.contract.DefaultFrom;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprint of a send for SPEC §17: lowercase hex SHA-256 of canonical JSON (keys sorted at every level,
 * no whitespace) of the validator's normalised request with the default from applied, plus
 * {@code attachments: [{fileName, fileSize, hash}]} (MD5 hex of the content) in upload order. Because the
 * validator has already turned form strings into their JSON types, a JSON and a form version of one request
 * give the same fingerprint. {@code cc} and {@code bcc} are sorted: they are sets (duplicates are refused) and
 * the email lists them sorted. Stateless and thread-safe.
 */
final class SendFingerprints {
  private final DefaultFrom defaultFrom;

  SendFingerprints(DefaultFrom defaultFrom) {
    this.defaultFrom = defaultFrom;
  }

  String of(JsonObject normalisedRequest, List<SendBody.Upload> attachments) {
    return sha256Hex(canonical(canonicalRequest(normalisedRequest, attachments)));
  }

  JsonObject canonicalRequest(JsonObject normalisedRequest, List<SendBody.Upload> attachments) {
    JsonObject request = normalisedRequest.copy();
    if (request.getString("from") == null) {
      request.put("from", defaultFrom.normalised());
    }
    for (String list : List.of("cc", "bcc")) {
      List<String> addresses = new ArrayList<>();
      request.getJsonArray(list, new JsonArray()).forEach(address -> addresses.add((String) address));
      addresses.sort(null);
      request.put(list, new JsonArray(new ArrayList<Object>(addresses)));
    }
    JsonArray files = new JsonArray();
    for (SendBody.Upload upload : attachments) {
      files.add(new JsonObject()
          .put("fileName", upload.fileName())
          .put("fileSize", upload.content().length())
          .put("hash", md5Hex(upload.content().getBytes())));
    }
    return request.put("attachments", files);
  }

  /** JSON text with object keys sorted at every level and no insignificant whitespace. */
  static String canonical(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof JsonObject object) {
      write(object.getMap(), out);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
        out.append(first ? "" : ",").append(Json.encode(String.valueOf(entry.getKey()))).append(':');
        write(entry.getValue(), out);
        first = false;
      }
      out.append('}');
    } else if (value instanceof JsonArray array) {
      write(array.getList(), out);
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      out.append(Json.encode(value));
    }
  }

  static String sha256Hex(String text) {
    return HexFormat.of().formatHex(digest("SHA-256", text.getBytes(StandardCharsets.UTF_8)));
  }

  static String md5Hex(byte[] content) {
    return HexFormat.of().formatHex(digest("MD5", content));
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is a standard JDK algorithm", e);
    }
  }
}
