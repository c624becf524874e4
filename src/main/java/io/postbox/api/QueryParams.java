package io.postbox.api;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Decoded query parameters of a request URI; {@code +} decodes to a space, as SPEC §5 expects. */
final class QueryParams {
  private QueryParams() {
  }

  static Map<String, List<String>> of(String uri) {
    return new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, 1024).parameters();
  }
}
