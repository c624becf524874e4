package io.postbox.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * The sanitizer of SPEC §7, applied to the body and subject of an email before it is sent.
 *
 * <p>Body: tags and attributes off the allowlist are removed (the text inside a removed tag is
 * kept, also for {@code script} and {@code style}), comments are removed, {@code href}/{@code src}
 * must start with an allowed prefix, and {@code style} keeps only allowlisted CSS declarations.
 * The output is the input markup minus what was removed, not pretty-printed; text is HTML-escaped
 * ({@code <} as {@code &lt;}, {@code >} as {@code &gt;}, {@code &} as {@code &amp;}).
 *
 * <p>Subject: line breaks become spaces, the body rules run, and the result is the decoded text
 * content, meant for the Subject header (not HTML: {@code Tom &amp; Jerry} becomes
 * {@code Tom & Jerry}).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class HtmlSanitizer {

  private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");
  private static final Pattern CONTROL_CHARACTER = Pattern.compile("[\\p{Cc}\\u2028\\u2029]");

  private static final List<String> URL_PREFIXES = List.of(
      "http://", "https://", "mailto:", "tel:", "data:image/", "ftp://", "./", "../", "#", "/");
  private static final String CONTENT_ID_PREFIX = "cid:";
  private static final Pattern WHOLE_PLACEHOLDER = Pattern.compile("\\{\\{\\s*[A-Za-z0-9_.-]+\\s*}}");

  private static final Set<String> CSS_PROPERTIES = Set.of(
      "margin", "padding", "width", "height", "min-width", "min-height", "max-width", "max-height",
      "display", "border", "background", "color", "font", "line-height", "letter-spacing",
      "word-spacing", "vertical-align", "list-style", "caption-side", "empty-cells", "table-layout",
      "white-space");
  private static final List<String> CSS_PROPERTY_FAMILIES = List.of(
      "margin-", "padding-", "border-", "background-", "font-", "text-", "list-style-");
  private static final Pattern CSS_PROPERTY_NAME = Pattern.compile("[a-z]+(-[a-z]+)*");
  // image-set() loads images without url(), which the rule means to keep out.
  private static final List<String> CSS_FORBIDDEN_TOKENS =
      List.of("url(", "expression(", "javascript:", "image-set(");
  private static final Pattern CSS_COMMENT = Pattern.compile("/\\*.*?(\\*/|$)", Pattern.DOTALL);
  private static final Pattern CSS_ESCAPE =
      Pattern.compile("\\\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\r\n\f])?|(\r\n|[\r\n\f])|(.))", Pattern.DOTALL);
  private static final Pattern CSS_WHITESPACE = Pattern.compile("[\\s\\p{Cc}]+");

  private final Cleaner cleaner;

  public HtmlSanitizer() {
    cleaner = new Cleaner(allowedMarkup());
  }

  private static Safelist allowedMarkup() {
    Safelist safelist = new Safelist();
    for (String tag : List.of("span", "b", "strong", "i", "em", "u", "ins", "br", "p", "ul", "li",
        "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "th", "sup", "caption")) {
      safelist.addTags(tag).addAttributes(tag, "style");
    }
    safelist.addTags("ol").addAttributes("ol", "start", "type", "style");
    safelist.addTags("a").addAttributes("a", "href", "title", "target", "style");
    safelist.addTags("img")
        .addAttributes("img", "src", "alt", "title", "width", "height", "data-link", "style");
    safelist.addTags("td").addAttributes("td", "colspan", "rowspan", "style");
    safelist.addTags("div", "tbody", "mark");
    return safelist;
  }

  /** The body rules of SPEC §7; the result is HTML. */
  public String sanitizeBody(String html) {
    Objects.requireNonNull(html, "html");
    return clean(html).body().html();
  }

  /**
   * SPEC §7 for the subject: each CR, LF or CRLF becomes one space, the body rules run, and the
   * decoded text content is returned as plain text. Whitespace is kept as written; control
   * characters that only appear after decoding (e.g. {@code &#10;}) also become spaces, so the
   * result is always a single header line.
   */
  public String sanitizeSubject(String subject) {
    Objects.requireNonNull(subject, "subject");
    String oneLine = LINE_BREAK.matcher(subject).replaceAll(" ");
    String text = clean(oneLine).body().wholeText();
    String textOnOneLine = LINE_BREAK.matcher(text).replaceAll(" ");
    return CONTROL_CHARACTER.matcher(textOnOneLine).replaceAll(" ");
  }

  /**
   * SPEC "Empty": true when the sanitized text has zero length or only whitespace, counting
   * Unicode space separators such as U+00A0 as whitespace. Markup is not whitespace:
   * {@code <p></p>} is not blank.
   */
  public static boolean isBlank(String sanitized) {
    Objects.requireNonNull(sanitized, "sanitized");
    return sanitized.codePoints()
        .allMatch(character -> Character.isWhitespace(character) || Character.isSpaceChar(character));
  }

  private Document clean(String html) {
    Document dirty = Jsoup.parseBodyFragment(html);
    keepRawTextAsText(dirty);
    Document clean = cleaner.clean(dirty);
    clean.outputSettings().prettyPrint(false);
    for (Element element : clean.body().getAllElements()) {
      keepAllowedUrl(element, "href", false);
      keepAllowedUrl(element, "src", element.normalName().equals("img"));
      keepAllowedStyle(element);
    }
    return clean;
  }

  // The Cleaner drops DataNodes (the raw content of script, style, iframe, xmp, ...); the spec keeps that text.
  private static void keepRawTextAsText(Document document) {
    for (DataNode data : document.nodeStream(DataNode.class).toList()) {
      data.replaceWith(new TextNode(data.getWholeData()));
    }
  }

  private static void keepAllowedUrl(Element element, String attribute, boolean contentIdAllowed) {
    if (!element.hasAttr(attribute)) {
      return;
    }
    String url = stripUrlWhitespace(element.attr(attribute));
    if (isAllowedUrl(url, contentIdAllowed)) {
      element.attr(attribute, url);
    } else {
      element.removeAttr(attribute);
    }
  }

  // Browsers strip leading and trailing C0 controls and spaces from URLs, so " javascript:" runs script.
  private static String stripUrlWhitespace(String url) {
    int start = 0;
    int end = url.length();
    while (start < end && url.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && url.charAt(end - 1) <= ' ') {
      end--;
    }
    return url.substring(start, end);
  }

  private static boolean isAllowedUrl(String url, boolean contentIdAllowed) {
    if (WHOLE_PLACEHOLDER.matcher(url).matches()) {
      return true;
    }
    String lowerCaseUrl = url.toLowerCase(Locale.ROOT);
    if (contentIdAllowed && lowerCaseUrl.startsWith(CONTENT_ID_PREFIX)) {
      return true;
    }
    return URL_PREFIXES.stream().anyMatch(lowerCaseUrl::startsWith);
  }

  private static void keepAllowedStyle(Element element) {
    if (!element.hasAttr("style")) {
      return;
    }
    String style = element.attr("style");
    List<String> declarations = splitDeclarations(style);
    List<String> allowed = declarations.stream().filter(HtmlSanitizer::isAllowedDeclaration).toList();
    if (allowed.isEmpty()) {
      element.removeAttr("style");
    } else if (allowed.size() < declarations.size()) {
      element.attr("style", String.join(";", allowed).strip());
    }
  }

  // Splits where a browser ends a declaration: on ';' outside strings, comments and parentheses.
  // A string also ends at a line break (CSS "bad string"), so it cannot hide a ';' the browser sees.
  private static List<String> splitDeclarations(String style) {
    List<String> declarations = new ArrayList<>();
    int start = 0;
    int parenthesisDepth = 0;
    char quote = 0;
    for (int index = 0; index < style.length(); index++) {
      char character = style.charAt(index);
      if (quote == 0 && style.startsWith("/*", index)) {
        int commentEnd = style.indexOf("*/", index + 2);
        index = commentEnd < 0 ? style.length() : commentEnd + 1;
      } else if (character == '\\') {
        index++;
      } else if (quote != 0) {
        if (character == quote || character == '\n' || character == '\r' || character == '\f') {
          quote = 0;
        }
      } else if (character == '"' || character == '\'') {
        quote = character;
      } else if (character == '(') {
        parenthesisDepth++;
      } else if (character == ')' && parenthesisDepth > 0) {
        parenthesisDepth--;
      } else if (character == ';' && parenthesisDepth == 0) {
        declarations.add(style.substring(start, index));
        start = index + 1;
      }
    }
    declarations.add(style.substring(start));
    declarations.removeIf(String::isBlank);
    return declarations;
  }

  private static boolean isAllowedDeclaration(String declaration) {
    int colon = declaration.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String property = declaration.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    String value = declaration.substring(colon + 1);
    if (!isAllowedProperty(property) || value.isBlank()) {
      return false;
    }
    String comparable = comparableCss(declaration);
    return CSS_FORBIDDEN_TOKENS.stream().noneMatch(comparable::contains);
  }

  private static boolean isAllowedProperty(String property) {
    if (!CSS_PROPERTY_NAME.matcher(property).matches()) {
      return false;
    }
    return CSS_PROPERTIES.contains(property) || CSS_PROPERTY_FAMILIES.stream().anyMatch(property::startsWith);
  }

  // Undoes what hides a token from a plain search: comments, escapes (u\72 l), whitespace and case.
  private static String comparableCss(String css) {
    String withoutComments = CSS_COMMENT.matcher(css).replaceAll("");
    String unescaped = CSS_ESCAPE.matcher(withoutComments).replaceAll(escape -> {
      if (escape.group(1) != null) {
        int codePoint = Integer.parseInt(escape.group(1), 16);
        boolean valid = codePoint > 0 && codePoint <= Character.MAX_CODE_POINT
            && (codePoint < 0xD800 || codePoint > 0xDFFF);
        return Matcher.quoteReplacement(valid ? Character.toString(codePoint) : "\uFFFD");
      }
      if (escape.group(2) != null) {
        return "";
      }
      return Matcher.quoteReplacement(escape.group(3));
    });
    return CSS_WHITESPACE.matcher(unescaped).replaceAll("").toLowerCase(Locale.ROOT);
  }
}
