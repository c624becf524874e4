package io.postbox.dispatch;

import io.postbox.contract.PixelTokens;

/** Puts the open-tracking pixel of SPEC §14.2 into sanitized HTML. */
public final class PixelInserter {
  private static final String BODY_END = "</body>";

  private final String baseUrl;
  private final PixelTokens tokens;

  public PixelInserter(String baseUrl, PixelTokens tokens) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.tokens = tokens;
  }

  public String insert(String sanitizedHtml, long emailId) {
    String pixel = imgTag(emailId);
    int bodyEnd = lastBodyEnd(sanitizedHtml);
    if (bodyEnd < 0) {
      return sanitizedHtml + pixel;
    }
    return sanitizedHtml.substring(0, bodyEnd) + pixel + sanitizedHtml.substring(bodyEnd);
  }

  /** Index of the last {@code </body>} in any case; lowercasing the whole text could move indices. */
  private static int lastBodyEnd(String html) {
    int candidate = html.lastIndexOf('<');
    while (candidate >= 0) {
      if (html.regionMatches(true, candidate, BODY_END, 0, BODY_END.length())) {
        return candidate;
      }
      candidate = candidate == 0 ? -1 : html.lastIndexOf('<', candidate - 1);
    }
    return -1;
  }

  String imgTag(long emailId) {
    return "<img src=\"" + baseUrl + "/t/" + tokens.tokenFor(emailId) + ".gif\" width=\"1\" height=\"1\" alt=\"\""
        + " style=\"display:block;width:1px;height:1px;border:0\">";
  }
}
