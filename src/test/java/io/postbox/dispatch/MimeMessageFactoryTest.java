package io.postbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postbox.dispatch.MimeMessageFactory.OutgoingEmail;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MimeMessageFactoryTest {

  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
  private static final MimeMessageFactory FACTORY = new MimeMessageFactory(Clock.fixed(NOW, ZoneOffset.UTC));
  private static final Session SESSION = Session.getInstance(new Properties());

  private static final byte[] PDF = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  private static final byte[] GIF = "GIF89a\u0001\u0000\u0001\u0000;".getBytes(StandardCharsets.ISO_8859_1);

  @Test
  void namesTheStreamProviderSoJakartaMailSkipsTheServiceLoaderOnEveryPart() {
    assertThat(FACTORY).isNotNull();
    assertThat(System.getProperty("jakarta.mail.util.StreamProvider"))
        .isEqualTo(MailStreamProvider.class.getName());
  }

  @Nested
  class Headers {

    @Test
    void carriesEveryAddressHeader() throws Exception {
      OutgoingEmail email = new OutgoingEmail(
          "Postbox <no-reply@example.gov>", "alice@example.com",
          List.of("bob@example.com", "carol@example.com"), List.of("dave@example.com", "erin@example.com"),
          "help@example.gov", "Your receipt", "<p>Hello</p>", List.of(), false);

      MimeMessage message = parse(FACTORY.build(email));

      InternetAddress from = (InternetAddress) message.getFrom()[0];
      assertThat(from.getAddress()).isEqualTo("no-reply@example.gov");
      assertThat(from.getPersonal()).isEqualTo("Postbox");
      assertThat(addresses(message.getRecipients(RecipientType.TO))).containsExactly("alice@example.com");
      assertThat(addresses(message.getRecipients(RecipientType.CC)))
          .containsExactly("bob@example.com", "carol@example.com");
      assertThat(addresses(message.getRecipients(RecipientType.BCC)))
          .containsExactly("dave@example.com", "erin@example.com");
      assertThat(addresses(message.getReplyTo())).containsExactly("help@example.gov");
      assertThat(message.getSubject()).isEqualTo("Your receipt");
    }

    @Test
    void keepsTheBccHeaderInTheRawBytesForSes() {
      String raw = rawHeaders(FACTORY.build(new OutgoingEmail("no-reply@example.gov", "alice@example.com",
          List.of(), List.of("hidden@example.com"), null, "Hi", "<p>x</p>", List.of(), false)));

      assertThat(raw).contains("\r\nBcc: hidden@example.com\r\n");
    }

    @Test
    void omitsCcBccAndReplyToWhenThereAreNone() throws Exception {
      byte[] raw = FACTORY.build(new OutgoingEmail(
          "no-reply@example.gov", "alice@example.com", null, List.of(), null, "Hi", "<p>x</p>", null, false));

      MimeMessage message = parse(raw);
      assertThat(message.getHeader("Cc")).isNull();
      assertThat(message.getHeader("Bcc")).isNull();
      assertThat(message.getHeader("Reply-To")).isNull();
      assertThat(rawHeaders(raw)).contains("\r\nFrom: no-reply@example.gov\r\n");
    }

    @Test
    void blankReplyToIsLeftOut() throws Exception {
      MimeMessage message = parse(FACTORY.build(new OutgoingEmail(
          "no-reply@example.gov", "alice@example.com", List.of(), List.of(), "  ", "Hi", "<p>x</p>", List.of(), false)));

      assertThat(message.getHeader("Reply-To")).isNull();
    }

    @Test
    void writesDateMessageIdAndMimeVersion() throws Exception {
      MimeMessage message = parse(FACTORY.build(email("Postbox <no-reply@example.gov>", "Hi", "<p>x</p>")));

      assertThat(message.getSentDate().toInstant()).isEqualTo(NOW);
      assertThat(message.getMessageID()).matches("<[0-9a-f-]{36}@example\\.gov>");
      assertThat(message.getHeader("MIME-Version", null)).isEqualTo("1.0");
    }

    @Test
    void givesEachMessageItsOwnMessageId() throws Exception {
      OutgoingEmail email = email("no-reply@example.gov", "Hi", "<p>x</p>");

      assertThat(parse(FACTORY.build(email)).getMessageID()).isNotEqualTo(parse(FACTORY.build(email)).getMessageID());
    }

    @Test
    void quotesADisplayNameWithSpecials() throws Exception {
      byte[] raw = FACTORY.build(email("Smith, John (Billing) <john@example.gov>", "Hi", "<p>x</p>"));

      assertThat(rawHeaders(raw)).contains("\r\nFrom: \"Smith, John (Billing)\" <john@example.gov>\r\n");
      InternetAddress from = (InternetAddress) parse(raw).getFrom()[0];
      assertThat(from.getPersonal()).isEqualTo("Smith, John (Billing)");
      assertThat(from.getAddress()).isEqualTo("john@example.gov");
    }

    @Test
    void acceptsADisplayNameThatIsAlreadyQuoted() throws Exception {
      byte[] raw = FACTORY.build(email("\"Jane \\\"JD\\\" Doe\" <jane@example.gov>", "Hi", "<p>x</p>"));

      InternetAddress from = (InternetAddress) parse(raw).getFrom()[0];
      assertThat(from.getPersonal()).isEqualTo("Jane \"JD\" Doe");
      assertThat(rawHeaders(raw)).contains("From: \"Jane \\\"JD\\\" Doe\" <jane@example.gov>");
    }

    @Test
    void encodesANonAsciiDisplayName() throws Exception {
      byte[] raw = FACTORY.build(email("Bürgeramt Köln <buergeramt@example.gov>", "Hi", "<p>x</p>"));

      assertThat(rawHeaders(raw)).contains("From: =?UTF-8?");
      InternetAddress from = (InternetAddress) parse(raw).getFrom()[0];
      assertThat(from.getPersonal()).isEqualTo("Bürgeramt Köln");
      assertThat(from.getAddress()).isEqualTo("buergeramt@example.gov");
    }

    @Test
    void cannotInjectHeadersThroughADisplayName() throws Exception {
      byte[] raw = FACTORY.build(email("Evil\r\nBcc: victim@example.com <no-reply@example.gov>", "Hi", "<p>x</p>"));

      MimeMessage message = parse(raw);
      assertThat(message.getHeader("Bcc")).isNull();
      assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo("no-reply@example.gov");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not an address", "alice@example.com\r\nBcc: victim@example.com", "alice", "<>", ""})
    void refusesAnAddressThatCannotBeWritten(String to) {
      OutgoingEmail email = new OutgoingEmail(
          "no-reply@example.gov", to, List.of(), List.of(), null, "Hi", "<p>x</p>", List.of(), false);

      assertThatThrownBy(() -> FACTORY.build(email)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodesANonAsciiSubject() throws Exception {
      byte[] raw = FACTORY.build(email("no-reply@example.gov", "Ihre Bestätigung ✓ – 済み", "<p>x</p>"));

      assertThat(rawHeaders(raw)).contains("\r\nSubject: =?UTF-8?");
      assertThat(parse(raw).getSubject()).isEqualTo("Ihre Bestätigung ✓ – 済み");
    }

    @Test
    void foldsALongSubjectAndReadsBackTheSameText() throws Exception {
      String subject = "Quarterly statement ".repeat(20).strip();

      MimeMessage message = parse(FACTORY.build(email("no-reply@example.gov", subject, "<p>x</p>")));

      assertThat(message.getSubject()).isEqualTo(subject);
    }

    @Test
    void turnsLineBreaksInTheSubjectIntoSpaces() throws Exception {
      byte[] raw = FACTORY.build(email("no-reply@example.gov", "one\r\ntwo\nthree\rX-Evil: yes", "<p>x</p>"));

      MimeMessage message = parse(raw);
      assertThat(message.getSubject()).isEqualTo("one two three X-Evil: yes");
      assertThat(message.getHeader("X-Evil")).isNull();
    }
  }

  @Nested
  class HtmlOnly {

    @Test
    void isASingleUtf8HtmlPart() throws Exception {
      String html = "<h1>Grüße</h1><p>Ünïcödé ✓ 漢字 &amp; more</p>";

      MimeMessage message = parse(FACTORY.build(email("no-reply@example.gov", "Hi", html)));

      ContentType contentType = new ContentType(message.getContentType());
      assertThat(contentType.getBaseType()).isEqualTo("text/html");
      assertThat(contentType.getParameter("charset")).isEqualToIgnoringCase("UTF-8");
      assertThat(message.getEncoding()).isIn("quoted-printable", "base64");
      assertThat(message.getContent()).isEqualTo(html);
    }

    @Test
    void keepsALongHtmlLineIntact() throws Exception {
      String html = "<p>" + "word ".repeat(2000) + "</p>";

      byte[] raw = FACTORY.build(email("no-reply@example.gov", "Hi", html));

      assertThat(parse(raw).getContent()).isEqualTo(html);
      assertWireSafe(raw);
    }
  }

  @Nested
  class WithAttachments {

    @Test
    void isMixedWithTheHtmlFirstThenTheFilesInUploadOrder() throws Exception {
      byte[] raw = FACTORY.build(email("no-reply@example.gov", "Hi", "<p>See attached</p>", List.of(
          new AttachmentFile("report.pdf", PDF), new AttachmentFile("photo.png", PNG)), false));

      MimeMessage message = parse(raw);
      assertThat(message.isMimeType("multipart/mixed")).isTrue();
      MimeMultipart mixed = (MimeMultipart) message.getContent();
      assertThat(mixed.getCount()).isEqualTo(3);
      assertThat(mixed.getBodyPart(0).isMimeType("text/html")).isTrue();
      assertThat(new ContentType(mixed.getBodyPart(0).getContentType()).getParameter("charset"))
          .isEqualToIgnoringCase("UTF-8");
      assertThat(mixed.getBodyPart(0).getContent()).isEqualTo("<p>See attached</p>");
      assertAttachment(mixed.getBodyPart(1), Part.ATTACHMENT, "report.pdf", "application/pdf", PDF);
      assertAttachment(mixed.getBodyPart(2), Part.ATTACHMENT, "photo.png", "image/png", PNG);
      assertThat(mixed.getBodyPart(1).getHeader("Content-ID")).isNull();
      assertWireSafe(raw);
    }

    @Test
    void keepsTheExactBytesOfEveryKindOfFile() throws Exception {
      byte[] allByteValues = new byte[256 * 4];
      for (int i = 0; i < allByteValues.length; i++) {
        allByteValues[i] = (byte) i;
      }
      byte[] unixText = "line one\nline two\n\nno final newline".getBytes(StandardCharsets.UTF_8);
      byte[] windowsText = "a;b\r\nc;d\r\n".getBytes(StandardCharsets.UTF_8);
      List<AttachmentFile> attachments = List.of(
          new AttachmentFile("binary.dwg", allByteValues),
          new AttachmentFile("unix.txt", unixText),
          new AttachmentFile("windows.csv", windowsText),
          new AttachmentFile("empty.txt", new byte[0]));

      MimeMultipart mixed = (MimeMultipart) parse(FACTORY.build(
          email("no-reply@example.gov", "Hi", "<p>x</p>", attachments, false))).getContent();

      for (int i = 0; i < attachments.size(); i++) {
        BodyPart part = mixed.getBodyPart(i + 1);
        assertThat(part.getFileName()).isEqualTo(attachments.get(i).fileName());
        assertThat(part.getInputStream().readAllBytes()).isEqualTo(attachments.get(i).content());
        assertThat(part.getHeader("Content-Transfer-Encoding")).containsExactly("base64");
      }
    }

    @Test
    void encodesNonAsciiFileNamesPerRfc2231() throws Exception {
      String longName = "Übersicht der Gebühren für das Geschäftsjahr 2025 – endgültige Fassung ✓.pdf";
      byte[] raw = FACTORY.build(email("no-reply@example.gov", "Hi", "<p>x</p>", List.of(
          new AttachmentFile("Bescheid Müller.pdf", PDF), new AttachmentFile(longName, PDF)), false));

      String text = new String(raw, StandardCharsets.US_ASCII);
      assertThat(text).contains("filename*=UTF-8''Bescheid%20M%C3%BCller.pdf");
      MimeMultipart mixed = (MimeMultipart) parse(raw).getContent();
      assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("Bescheid Müller.pdf");
      assertThat(mixed.getBodyPart(2).getFileName()).isEqualTo(longName);
      assertWireSafe(raw);
    }

    @Test
    void quotesAsciiFileNamesWithSpecials() throws Exception {
      String name = "Q1; \"final\" (v2).pdf";

      MimeMultipart mixed = (MimeMultipart) parse(FACTORY.build(
          email("no-reply@example.gov", "Hi", "<p>x</p>", List.of(new AttachmentFile(name, PDF)), false))).getContent();

      assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo(name);
    }

    @Test
    void picksTheContentTypeFromTheFileNameCaseInsensitively() throws Exception {
      MimeMultipart mixed = (MimeMultipart) parse(FACTORY.build(email("no-reply@example.gov", "Hi", "<p>x</p>",
          List.of(
              new AttachmentFile("REPORT.PDF", PDF),
              new AttachmentFile("letter.docx", new byte[] {1}),
              new AttachmentFile("data.csv", new byte[] {1}),
              new AttachmentFile("mystery.unknownext", new byte[] {1}),
              new AttachmentFile("no-extension", new byte[] {1})), false))).getContent();

      assertThat(baseType(mixed.getBodyPart(1))).isEqualTo("application/pdf");
      assertThat(baseType(mixed.getBodyPart(2)))
          .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
      assertThat(baseType(mixed.getBodyPart(3))).isEqualTo("text/csv");
      assertThat(baseType(mixed.getBodyPart(4))).isEqualTo("application/octet-stream");
      assertThat(baseType(mixed.getBodyPart(5))).isEqualTo("application/octet-stream");
    }

    @Test
    void cannotInjectHeadersThroughAFileName() throws Exception {
      List<AttachmentFile> attachments = List.of(new AttachmentFile("a.pdf\r\nX-Evil: yes", PDF));

      MimeMultipart mixed = (MimeMultipart) parse(FACTORY.build(
          email("no-reply@example.gov", "Hi", "<p>x</p>", attachments, false))).getContent();

      assertThat(mixed.getBodyPart(1).getHeader("X-Evil")).isNull();
      assertThat(mixed.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(PDF);
    }
  }

  @Nested
  class ContentIdImages {

    @Test
    void sendsReferencedFilesInlineBesideTheHtmlAndTheRestAsAttachments() throws Exception {
      String html = "<p><img src=\"cid:0\" alt=\"logo\"> and <img src=\"cid:2\"></p>";
      byte[] raw = FACTORY.build(email("no-reply@example.gov", "Hi", html, List.of(
          new AttachmentFile("logo.png", PNG), new AttachmentFile("terms.pdf", PDF), new AttachmentFile("seal.gif", GIF)), true));

      MimeMultipart mixed = (MimeMultipart) parse(raw).getContent();
      assertThat(mixed.getCount()).isEqualTo(2);
      BodyPart relatedPart = mixed.getBodyPart(0);
      assertThat(relatedPart.isMimeType("multipart/related")).isTrue();
      assertThat(new ContentType(relatedPart.getContentType()).getParameter("type")).isEqualTo("text/html");

      MimeMultipart related = (MimeMultipart) relatedPart.getContent();
      assertThat(related.getCount()).isEqualTo(3);
      assertThat(related.getBodyPart(0).isMimeType("text/html")).isTrue();
      assertThat(related.getBodyPart(0).getContent()).isEqualTo(html);
      assertAttachment(related.getBodyPart(1), Part.INLINE, "logo.png", "image/png", PNG);
      assertThat(related.getBodyPart(1).getHeader("Content-ID")).containsExactly("<0>");
      assertAttachment(related.getBodyPart(2), Part.INLINE, "seal.gif", "image/gif", GIF);
      assertThat(related.getBodyPart(2).getHeader("Content-ID")).containsExactly("<2>");

      assertAttachment(mixed.getBodyPart(1), Part.ATTACHMENT, "terms.pdf", "application/pdf", PDF);
      assertThat(mixed.getBodyPart(1).getHeader("Content-ID")).containsExactly("<1>");
      assertWireSafe(raw);
    }

    @Test
    void matchesTheWholeIndexOnly() throws Exception {
      List<AttachmentFile> eleven = IntStream.range(0, 11)
          .mapToObj(i -> new AttachmentFile("image" + i + ".png", PNG))
          .toList();

      MimeMultipart mixed = (MimeMultipart) parse(FACTORY.build(email("no-reply@example.gov", "Hi",
          "<img src=\"cid:10\"><img src=\"CID:3\">", eleven, true))).getContent();

      MimeMultipart related = (MimeMultipart) mixed.getBodyPart(0).getContent();
      assertThat(related.getCount()).isEqualTo(3);
      assertThat(related.getBodyPart(1).getHeader("Content-ID")).containsExactly("<3>");
      assertThat(related.getBodyPart(2).getHeader("Content-ID")).containsExactly("<10>");
      assertThat(mixed.getCount()).isEqualTo(1 + 9);
      assertThat(mixed.getBodyPart(1).getHeader("Content-ID")).containsExactly("<0>");
      assertThat(mixed.getBodyPart(2).getHeader("Content-ID")).containsExactly("<1>");
    }

    @Test
    void givesContentIdsButNoInlinePartsWhenNothingIsReferenced() throws Exception {
      MimeMultipart mixed = (MimeMultipart) parse(FACTORY.build(email("no-reply@example.gov", "Hi",
          "<p>no images left after sanitizing</p>", List.of(
              new AttachmentFile("a.png", PNG), new AttachmentFile("b.pdf", PDF)), true))).getContent();

      assertThat(mixed.getCount()).isEqualTo(3);
      assertThat(mixed.getBodyPart(0).isMimeType("text/html")).isTrue();
      assertAttachment(mixed.getBodyPart(1), Part.ATTACHMENT, "a.png", "image/png", PNG);
      assertThat(mixed.getBodyPart(1).getHeader("Content-ID")).containsExactly("<0>");
      assertThat(mixed.getBodyPart(2).getHeader("Content-ID")).containsExactly("<1>");
    }

    @Test
    void holdsOnlyTheRelatedPartWhenEveryFileIsReferenced() throws Exception {
      MimeMultipart mixed = (MimeMultipart) parse(FACTORY.build(email("no-reply@example.gov", "Hi",
          "<img src=\"cid:0\"><img src=\"cid:1\">", List.of(
              new AttachmentFile("a.png", PNG), new AttachmentFile("b.gif", GIF)), true))).getContent();

      assertThat(mixed.getCount()).isEqualTo(1);
      MimeMultipart related = (MimeMultipart) mixed.getBodyPart(0).getContent();
      assertThat(related.getCount()).isEqualTo(3);
      assertAttachment(related.getBodyPart(1), Part.INLINE, "a.png", "image/png", PNG);
      assertAttachment(related.getBodyPart(2), Part.INLINE, "b.gif", "image/gif", GIF);
    }

    @Test
    void ignoresCidReferencesWhenTheRawBodyHadNone() throws Exception {
      MimeMultipart mixed = (MimeMultipart) parse(FACTORY.build(email("no-reply@example.gov", "Hi",
          "<img src=\"cid:0\">", List.of(new AttachmentFile("a.png", PNG)), false))).getContent();

      assertThat(mixed.getCount()).isEqualTo(2);
      assertThat(mixed.getBodyPart(0).isMimeType("text/html")).isTrue();
      assertAttachment(mixed.getBodyPart(1), Part.ATTACHMENT, "a.png", "image/png", PNG);
      assertThat(mixed.getBodyPart(1).getHeader("Content-ID")).isNull();
    }

    @Test
    void ignoresAReferenceBeyondTheLastFile() throws Exception {
      MimeMultipart mixed = (MimeMultipart) parse(FACTORY.build(email("no-reply@example.gov", "Hi",
          "<img src=\"cid:5\">", List.of(new AttachmentFile("a.png", PNG)), true))).getContent();

      assertThat(mixed.getCount()).isEqualTo(2);
      assertAttachment(mixed.getBodyPart(1), Part.ATTACHMENT, "a.png", "image/png", PNG);
    }
  }

  @Test
  void attachmentReportsSizeAndMd5() {
    AttachmentFile attachment = new AttachmentFile("hello.txt", "hello".getBytes(StandardCharsets.US_ASCII));

    assertThat(attachment.size()).isEqualTo(5);
    assertThat(attachment.md5Hex()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
    assertThat(new AttachmentFile("empty.txt", new byte[0]).md5Hex()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    assertThat(attachment).isEqualTo(new AttachmentFile("hello.txt", "hello".getBytes(StandardCharsets.US_ASCII)));
    assertThat(attachment.toString()).contains("hello.txt").contains("5");
  }

  private static OutgoingEmail email(String from, String subject, String html) {
    return email(from, subject, html, List.of(), false);
  }

  private static OutgoingEmail email(
      String from, String subject, String html, List<AttachmentFile> attachments, boolean rawBodyHasCid) {
    return new OutgoingEmail(
        from, "alice@example.com", List.of(), List.of(), null, subject, html, attachments, rawBodyHasCid);
  }

  private static MimeMessage parse(byte[] raw) throws Exception {
    return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
  }

  private static String rawHeaders(byte[] raw) {
    String text = new String(raw, StandardCharsets.US_ASCII);
    return "\r\n" + text.substring(0, text.indexOf("\r\n\r\n") + 2);
  }

  private static List<String> addresses(Address[] addresses) {
    return Arrays.stream(addresses).map(address -> ((InternetAddress) address).getAddress()).toList();
  }

  private static String baseType(BodyPart part) throws Exception {
    return new ContentType(part.getContentType()).getBaseType();
  }

  private static void assertAttachment(
      BodyPart part, String disposition, String fileName, String mimeType, byte[] content) throws Exception {
    assertThat(part.getDisposition()).isEqualTo(disposition);
    assertThat(part.getFileName()).isEqualTo(fileName);
    assertThat(baseType(part)).isEqualTo(mimeType);
    assertThat(part.getInputStream().readAllBytes()).isEqualTo(content);
  }

  /** 7-bit bytes, CRLF line ends only, no line over the 998 octets RFC 5322 allows. */
  private static void assertWireSafe(byte[] raw) {
    int lineLength = 0;
    for (int i = 0; i < raw.length; i++) {
      assertThat(raw[i]).as("byte %d", i).isBetween((byte) 0, (byte) 127);
      if (raw[i] == '\n') {
        assertThat(i > 0 && raw[i - 1] == '\r').as("bare LF at %d", i).isTrue();
        lineLength = 0;
      } else if (raw[i] != '\r') {
        lineLength++;
        assertThat(lineLength).as("line length at %d", i).isLessThanOrEqualTo(998);
      } else {
        assertThat(i + 1 < raw.length && raw[i + 1] == '\n').as("bare CR at %d", i).isTrue();
      }
    }
  }
}
