package io.postbox.dispatch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/**
 * The attachment type rule of SPEC §8: the type detected from the content decides; only when the
 * content says nothing decisive does the file-name extension decide, case-insensitively.
 *
 * <p>Magic bytes are matched by Tika core on the content alone. ZIP containers are opened here:
 * OOXML by its {@code [Content_Types].xml}, OpenDocument and StarOffice by its {@code mimetype}
 * entry; any other ZIP is refused. Thread-safe.
 */
public final class AttachmentTypes {

  public static final Set<String> ALLOWED_EXTENSIONS = Set.of(
      "asc", "avi", "bmp", "csv", "dgn", "docx", "dwf", "dwg", "dxf", "ent", "gif", "jpeg", "jpg",
      "mpeg", "mpg", "mpp", "odb", "odf", "odg", "ods", "pdf", "png", "pptx", "rtf", "sxc", "sxd",
      "sxi", "sxw", "tif", "tiff", "txt", "wmv", "xlsx");

  private static final MediaType OLE2_CONTAINER = MediaType.application("x-tika-msoffice");

  // Tika cannot tell these OLE2 compound files from other OLE2 files (doc, xls, msi) without
  // opening them; for an undistinguished OLE2 container the name chooses among these only.
  private static final Set<String> OLE2_EXTENSIONS = Set.of("mpp", "dgn");

  // A wmv file is an ASF container; Tika's magic usually stops at the container type.
  private static final Set<MediaType> ALLOWED_WITHOUT_EXTENSION_MATCH =
      Set.of(MediaType.video("x-ms-asf"));

  private record OoxmlPackage(String mainPartType, String folder, String extension) {}

  // Only these exact main parts: macro-enabled (docm), template (dotx) and show (ppsx) variants differ.
  private static final List<OoxmlPackage> OOXML_PACKAGES = List.of(
      new OoxmlPackage(
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/", "docx"),
      new OoxmlPackage(
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/", "xlsx"),
      new OoxmlPackage(
          "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", "ppt/", "pptx"));

  private static final Map<String, String> PACKAGE_MIMETYPE_EXTENSIONS = Map.ofEntries(
      Map.entry("application/vnd.oasis.opendocument.spreadsheet", "ods"),
      Map.entry("application/vnd.oasis.opendocument.graphics", "odg"),
      Map.entry("application/vnd.oasis.opendocument.formula", "odf"),
      Map.entry("application/vnd.oasis.opendocument.base", "odb"),
      Map.entry("application/vnd.oasis.opendocument.database", "odb"),
      Map.entry("application/vnd.sun.xml.base", "odb"),
      Map.entry("application/vnd.sun.xml.calc", "sxc"),
      Map.entry("application/vnd.sun.xml.draw", "sxd"),
      Map.entry("application/vnd.sun.xml.impress", "sxi"),
      Map.entry("application/vnd.sun.xml.writer", "sxw"));

  private static final byte[] ZIP_LOCAL_HEADER = {'P', 'K', 3, 4};
  private static final int MAX_ZIP_ENTRIES = 20_000;
  // Stops zip bombs: the inflated bytes read while looking for the deciding entries.
  private static final long MAX_ZIP_INFLATED_BYTES = 256L * 1024 * 1024;
  private static final int MAX_CONTENT_TYPES_BYTES = 1024 * 1024;
  private static final int MAX_MIMETYPE_BYTES = 256;

  private final MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes();

  public boolean isAllowed(String fileName, byte[] content) {
    if (startsWith(content, ZIP_LOCAL_HEADER)) {
      return zipPackageExtension(content).isPresent();
    }
    MediaType detected = detectFromContent(content);
    if (detected.equals(MediaType.OCTET_STREAM) || detected.equals(MediaType.TEXT_PLAIN)) {
      return ALLOWED_EXTENSIONS.contains(extensionOf(fileName));
    }
    if (detected.getBaseType().equals(OLE2_CONTAINER)) {
      return OLE2_EXTENSIONS.contains(extensionOf(fileName));
    }
    return isAllowedType(detected);
  }

  private MediaType detectFromContent(byte[] content) {
    try (InputStream input = new ByteArrayInputStream(content)) {
      return mimeTypes.detect(input, new Metadata());
    } catch (IOException e) {
      throw new IllegalStateException("reading an in-memory stream cannot fail", e);
    }
  }

  private boolean isAllowedType(MediaType detected) {
    if (ALLOWED_WITHOUT_EXTENSION_MATCH.contains(detected.getBaseType())) {
      return true;
    }
    return registeredExtensions(detected).stream()
        .anyMatch(extension -> ALLOWED_EXTENSIONS.contains(extension.substring(1).toLowerCase(Locale.ROOT)));
  }

  // A type with parameters, such as "image/vnd.dgn; version=7", lists its extensions on the base type.
  private List<String> registeredExtensions(MediaType type) {
    List<String> extensions = registeredExtensionsOf(type);
    return extensions.isEmpty() && type.hasParameters() ? registeredExtensionsOf(type.getBaseType()) : extensions;
  }

  // getRegisteredMimeType, unlike forName, never adds to Tika's shared registry.
  private List<String> registeredExtensionsOf(MediaType type) {
    try {
      MimeType registered = mimeTypes.getRegisteredMimeType(type.toString());
      return registered == null ? List.of() : registered.getExtensions();
    } catch (MimeTypeException e) {
      return List.of();
    }
  }

  /** The allowed extension a ZIP package's entries prove, or empty when it is not an allowed package. */
  private static Optional<String> zipPackageExtension(byte[] content) {
    String contentTypes = null;
    Set<String> topFolders = new HashSet<>();
    long inflatedBytes = 0;
    int entries = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content), StandardCharsets.UTF_8)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (++entries > MAX_ZIP_ENTRIES) {
          return Optional.empty();
        }
        String name = entry.getName();
        if (name.equals("mimetype")) {
          String mimetype = new String(zip.readNBytes(MAX_MIMETYPE_BYTES), StandardCharsets.US_ASCII).strip();
          return Optional.ofNullable(PACKAGE_MIMETYPE_EXTENSIONS.get(mimetype));
        }
        if (name.equals("[Content_Types].xml")) {
          byte[] xml = zip.readNBytes(MAX_CONTENT_TYPES_BYTES + 1);
          if (xml.length > MAX_CONTENT_TYPES_BYTES) {
            return Optional.empty();
          }
          contentTypes = new String(xml, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        }
        int slash = name.indexOf('/');
        if (slash > 0) {
          topFolders.add(name.substring(0, slash + 1));
        }
        Optional<String> office = officeExtension(contentTypes, topFolders);
        if (office.isPresent()) {
          return office;
        }
        inflatedBytes += drain(zip, MAX_ZIP_INFLATED_BYTES - inflatedBytes);
        if (inflatedBytes > MAX_ZIP_INFLATED_BYTES) {
          return Optional.empty();
        }
      }
    } catch (IOException | RuntimeException unreadableZip) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<String> officeExtension(String lowerCaseContentTypes, Set<String> topFolders) {
    if (lowerCaseContentTypes == null
        || lowerCaseContentTypes.contains("macroenabled")
        || lowerCaseContentTypes.contains("vbaproject")) {
      return Optional.empty();
    }
    return OOXML_PACKAGES.stream()
        .filter(ooxml -> lowerCaseContentTypes.contains(ooxml.mainPartType()) && topFolders.contains(ooxml.folder()))
        .map(OoxmlPackage::extension)
        .findFirst();
  }

  /** Reads the rest of the current entry, giving up once more than {@code budget} bytes came out. */
  private static long drain(InputStream input, long budget) throws IOException {
    byte[] buffer = new byte[8192];
    long total = 0;
    for (int read = input.read(buffer); read > 0; read = input.read(buffer)) {
      total += read;
      if (total > budget) {
        break;
      }
    }
    return total;
  }

  private static boolean startsWith(byte[] content, byte[] prefix) {
    if (content.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (content[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String extensionOf(String fileName) {
    if (fileName == null) {
      return "";
    }
    int dot = fileName.lastIndexOf('.');
    return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
