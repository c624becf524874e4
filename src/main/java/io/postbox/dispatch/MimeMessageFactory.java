package io.postbox.dispatch;

import jakarta.activation.DataHandler;
import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * Builds the raw MIME message handed to SES v2 {@code SendEmail} as raw content (SPEC §10).
 *
 * <p>The bytes carry the {@code Bcc} header: SES takes the destinations of a raw send from the
 * headers and removes {@code Bcc} before delivery. {@link MimeMessage#writeTo(java.io.OutputStream)}
 * keeps it (only the SMTP transport drops it), which the tests hold. Thread-safe.
 */
public final class MimeMessageFactory {

  /**
   * One email ready to send. Addresses are {@code addr} or {@code Display Name <addr>}; the display
   * name may be a quoted string. {@code rawBodyHasCid} tells whether the body as the client sent it
   * contains {@code src="cid:} (SPEC §8).
   */
  public record OutgoingEmail(
      String from,
      String to,
      List<String> cc,
      List<String> bcc,
      String replyTo,
      String subject,
      String html,
      List<AttachmentFile> attachments,
      boolean rawBodyHasCid) {

    public OutgoingEmail {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(html, "html");
      cc = cc == null ? List.of() : List.copyOf(cc);
      bcc = bcc == null ? List.of() : List.copyOf(bcc);
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
  }

  private static final String UTF_8 = "UTF-8";
  private static final String STREAM_PROVIDER_PROPERTY = "jakarta.mail.util.StreamProvider";
  private static final Pattern CID_REFERENCE = Pattern.compile("(?i)cid:(\\d+)");
  private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|\\r|\\n");
  private static final Pattern CONTROL_CHARACTER = Pattern.compile("\\p{Cntrl}");

  static {
    // Jakarta Mail 2.1 looks its StreamProvider up again for every part it writes (jakartaee/mail-api#861); through
    // the ServiceLoader that scans the class path each time and took a tenth of the send path's CPU. Named here,
    // the lookup is a plain class instantiation.
    if (System.getProperty(STREAM_PROVIDER_PROPERTY) == null) {
      System.setProperty(STREAM_PROVIDER_PROPERTY, "org.eclipse.angus.mail.util.MailStreamProvider");
    }
  }

  private final Session session = Session.getInstance(new Properties());
  private final MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes();
  private final Clock clock;

  public MimeMessageFactory() {
    this(Clock.systemUTC());
  }

  public MimeMessageFactory(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The message as RFC 5322 bytes with CRLF line ends.
   *
   * @throws IllegalArgumentException when an address cannot be written as a header
   */
  public byte[] build(OutgoingEmail email) {
    try {
      InternetAddress from = address(email.from());
      MimeMessage message = new PostboxMimeMessage(session, domainOf(from));
      message.setFrom(from);
      message.setRecipient(RecipientType.TO, address(email.to()));
      if (!email.cc().isEmpty()) {
        message.setRecipients(RecipientType.CC, addresses(email.cc()));
      }
      if (!email.bcc().isEmpty()) {
        message.setRecipients(RecipientType.BCC, addresses(email.bcc()));
      }
      if (email.replyTo() != null && !email.replyTo().isBlank()) {
        message.setReplyTo(new Address[] {address(email.replyTo())});
      }
      message.setSubject(LINE_BREAK.matcher(email.subject()).replaceAll(" "), UTF_8);
      message.setSentDate(Date.from(clock.instant()));
      if (email.attachments().isEmpty()) {
        message.setText(email.html(), UTF_8, "html");
      } else {
        message.setContent(mixedContent(email));
      }
      message.saveChanges();
      ByteArrayOutputStream raw = new ByteArrayOutputStream(estimatedSize(email));
      message.writeTo(raw);
      return raw.toByteArray();
    } catch (AddressException e) {
      throw new IllegalArgumentException("Cannot write address: " + e.getMessage(), e);
    } catch (MessagingException e) {
      throw new IllegalStateException("Cannot build MIME message", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MimeMultipart mixedContent(OutgoingEmail email) throws MessagingException {
    Set<String> referencedContentIds = email.rawBodyHasCid() ? referencedContentIds(email.html()) : Set.of();
    List<MimeBodyPart> inlineParts = new ArrayList<>();
    List<MimeBodyPart> attachmentParts = new ArrayList<>();
    for (int index = 0; index < email.attachments().size(); index++) {
      String contentId = String.valueOf(index);
      boolean inline = referencedContentIds.contains(contentId);
      MimeBodyPart part = attachmentPart(email.attachments().get(index), inline ? "inline" : "attachment");
      if (email.rawBodyHasCid()) {
        part.setContentID("<" + contentId + ">");
      }
      (inline ? inlineParts : attachmentParts).add(part);
    }

    MimeBodyPart htmlPart = new MimeBodyPart();
    htmlPart.setText(email.html(), UTF_8, "html");
    MimeMultipart mixed = new MimeMultipart("mixed");
    if (inlineParts.isEmpty()) {
      mixed.addBodyPart(htmlPart);
    } else {
      MimeMultipart related = new RelatedMultipart();
      related.addBodyPart(htmlPart);
      for (MimeBodyPart inlinePart : inlineParts) {
        related.addBodyPart(inlinePart);
      }
      MimeBodyPart relatedPart = new MimeBodyPart();
      relatedPart.setContent(related);
      mixed.addBodyPart(relatedPart);
    }
    for (MimeBodyPart attachmentPart : attachmentParts) {
      mixed.addBodyPart(attachmentPart);
    }
    return mixed;
  }

  private MimeBodyPart attachmentPart(AttachmentFile attachment, String disposition) throws MessagingException {
    String fileName = CONTROL_CHARACTER.matcher(attachment.fileName()).replaceAll(" ");
    String mimeType = mimeTypeByName(fileName);
    MimeBodyPart part = new MimeBodyPart();
    part.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(), mimeType)));

    ContentType contentType = new ContentType(mimeType);
    contentType.setParameterList(fileNameParameter("name", fileName));
    part.setHeader("Content-Type", contentType.toString());
    part.setHeader("Content-Disposition",
        new ContentDisposition(disposition, fileNameParameter("filename", fileName)).toString());
    // base64 keeps the bytes exact; a text attachment in 7bit would be open to line-end rewriting.
    part.setHeader("Content-Transfer-Encoding", "base64");
    return part;
  }

  // Non-ASCII values are written in RFC 2231 form (name*=UTF-8''...), always in UTF-8 whatever
  // the platform charset is.
  private static ParameterList fileNameParameter(String name, String fileName) {
    ParameterList parameters = new ParameterList();
    parameters.set(name, fileName, UTF_8);
    return parameters;
  }

  private String mimeTypeByName(String fileName) {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
    try {
      return mimeTypes.detect(null, metadata).getBaseType().toString();
    } catch (IOException e) {
      return MediaType.OCTET_STREAM.toString();
    }
  }

  private static Set<String> referencedContentIds(String html) {
    Set<String> contentIds = new HashSet<>();
    Matcher reference = CID_REFERENCE.matcher(html);
    while (reference.find()) {
      contentIds.add(reference.group(1));
    }
    return contentIds;
  }

  private static InternetAddress[] addresses(List<String> values) throws AddressException {
    InternetAddress[] addresses = new InternetAddress[values.size()];
    for (int i = 0; i < addresses.length; i++) {
      addresses[i] = address(values.get(i));
    }
    return addresses;
  }

  /** {@code addr} or {@code Display Name <addr>}, with the display name encoded for the header. */
  static InternetAddress address(String value) throws AddressException {
    String trimmed = value.strip();
    String displayName = null;
    String addressPart = trimmed;
    int open = trimmed.lastIndexOf('<');
    if (open >= 0 && trimmed.endsWith(">")) {
      displayName = unquote(trimmed.substring(0, open).strip());
      addressPart = trimmed.substring(open + 1, trimmed.length() - 1).strip();
    }
    InternetAddress address = new InternetAddress();
    address.setAddress(addressPart);
    address.validate();
    if (addressPart.indexOf('@') < 1) {
      throw new AddressException("Missing domain", addressPart);
    }
    if (displayName != null && !displayName.isBlank()) {
      try {
        address.setPersonal(CONTROL_CHARACTER.matcher(displayName).replaceAll(" "), UTF_8);
      } catch (UnsupportedEncodingException e) {
        throw new IllegalStateException("every Java platform provides UTF-8", e);
      }
    }
    return address;
  }

  private static String unquote(String displayName) {
    if (displayName.length() >= 2 && displayName.startsWith("\"") && displayName.endsWith("\"")) {
      return displayName.substring(1, displayName.length() - 1).replaceAll("\\\\(.)", "$1");
    }
    return displayName;
  }

  private static String domainOf(InternetAddress address) {
    String value = address.getAddress();
    return value.substring(value.lastIndexOf('@') + 1);
  }

  private static int estimatedSize(OutgoingEmail email) {
    long attachmentBytes = email.attachments().stream().mapToLong(AttachmentFile::size).sum();
    long estimate = 4096 + 2L * email.html().length() + attachmentBytes * 4 / 3 + attachmentBytes / 38;
    return (int) Math.min(estimate, Integer.MAX_VALUE - 8);
  }

  /** Writes its own Message-ID, so building never looks up the local host name. */
  private static final class PostboxMimeMessage extends MimeMessage {
    private final String messageIdDomain;

    PostboxMimeMessage(Session session, String messageIdDomain) {
      super(session);
      this.messageIdDomain = messageIdDomain;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", "<" + UUID.randomUUID() + "@" + messageIdDomain + ">");
    }
  }

  /** {@code multipart/related} with the {@code type} parameter RFC 2387 asks for. */
  private static final class RelatedMultipart extends MimeMultipart {
    RelatedMultipart() throws MessagingException {
      super("related");
      ContentType related = new ContentType(contentType);
      related.setParameter("type", "text/html");
      contentType = related.toString();
    }
  }
}
