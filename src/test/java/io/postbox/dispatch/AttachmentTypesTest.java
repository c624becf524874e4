package io.postbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AttachmentTypesTest {

  private static final AttachmentTypes TYPES = new AttachmentTypes();

  static final String WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
  static final String SHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
  static final String SLIDES_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml";

  @Nested
  class ContentSignatureDecides {

    static Stream<Arguments> allowedSignatures() {
      return Stream.of(
          Arguments.of("pdf", Samples.pdf()),
          Arguments.of("png", Samples.png()),
          Arguments.of("gif", Samples.gif()),
          Arguments.of("jpeg", Samples.jpeg()),
          Arguments.of("bmp", Samples.bmp()),
          Arguments.of("tiff little-endian", Samples.tiffLittleEndian()),
          Arguments.of("tiff big-endian", Samples.tiffBigEndian()),
          Arguments.of("rtf", Samples.ascii("{\\rtf1\\ansi\\deff0 Hello}")),
          Arguments.of("avi", Samples.riff("AVI LIST")),
          Arguments.of("mpeg program stream",
              Samples.padded(new byte[] {0, 0, 1, (byte) 0xBA, 0x44, 0, 4, 0, 4, 1}, 64)),
          Arguments.of("mpeg video sequence",
              Samples.padded(new byte[] {0, 0, 1, (byte) 0xB3, 0x14, 0, (byte) 0xF0, 0x13}, 64)),
          Arguments.of("asf (wmv)", Samples.asf()),
          Arguments.of("dwg", Samples.padded(Samples.ascii("AC1015"), 64)),
          Arguments.of("dwf", Samples.padded(Samples.ascii("(DWF V06.00)"), 64)),
          Arguments.of("dxf", Samples.ascii("  0\nSECTION\n  2\nHEADER\n  0\nENDSEC\n  0\nEOF\n")),
          Arguments.of("dgn v7", Samples.padded(new byte[] {0x08, 0x09, (byte) 0xFE, 0x02}, 64)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowedSignatures")
    void allowsAnAllowedTypeWhateverTheName(String type, byte[] content) {
      assertThat(TYPES.isAllowed("upload.bin", content)).isTrue();
      assertThat(TYPES.isAllowed("no-extension", content)).isTrue();
      assertThat(TYPES.isAllowed("looks-harmless.exe", content)).isTrue();
    }

    static Stream<Arguments> refusedSignatures() {
      return Stream.of(
          Arguments.of("windows executable", Samples.windowsExecutable()),
          Arguments.of("elf binary", Samples.padded(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0}, 64)),
          Arguments.of("mach-o binary",
              Samples.padded(new byte[] {(byte) 0xCF, (byte) 0xFA, (byte) 0xED, (byte) 0xFE, 7, 0, 0, 1}, 64)),
          Arguments.of("java class",
              Samples.padded(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 52}, 64)),
          Arguments.of("shell script", Samples.ascii("#!/bin/sh\nrm -rf /\n")),
          Arguments.of("html", Samples.ascii("<html><body><script>alert(1)</script></body></html>")),
          Arguments.of("svg", Samples.ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>")),
          Arguments.of("xml", Samples.ascii("<?xml version=\"1.0\"?><root/>")),
          Arguments.of("postscript", Samples.ascii("%!PS-Adobe-3.0\n")),
          Arguments.of("gzip", Samples.padded(new byte[] {0x1F, (byte) 0x8B, 8, 0}, 64)),
          Arguments.of("7z", Samples.padded(new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C}, 64)),
          Arguments.of("rar", Samples.padded(Samples.ascii("Rar!\u001a\u0007\u0000"), 64)),
          Arguments.of("wav", Samples.riff("WAVEfmt ")),
          Arguments.of("empty zip", Samples.padded(new byte[] {'P', 'K', 5, 6}, 22)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedSignatures")
    void refusesATypeNotOnTheListWhateverTheName(String type, byte[] content) {
      assertThat(TYPES.isAllowed("report.pdf", content)).isFalse();
      assertThat(TYPES.isAllowed("notes.txt", content)).isFalse();
      assertThat(TYPES.isAllowed("upload.bin", content)).isFalse();
    }

    @Test
    void refusesAnExecutableNamedPdf() {
      assertThat(TYPES.isAllowed("invoice.pdf", Samples.windowsExecutable())).isFalse();
    }

    @Test
    void allowsAPdfWithAnUppercaseName() {
      assertThat(TYPES.isAllowed("REPORT.PDF", Samples.pdf())).isTrue();
    }

    @Test
    void allowsAPngNamedTxtBecauseTheContentDecides() {
      assertThat(TYPES.isAllowed("picture.txt", Samples.png())).isTrue();
    }
  }

  @Nested
  class Ole2CompoundFiles {

    @ParameterizedTest
    @ValueSource(strings = {"plan.mpp", "PLAN.MPP", "drawing.dgn"})
    void allowsAnOle2FileNamedAsAnOle2TypeOnTheList(String fileName) {
      assertThat(TYPES.isAllowed(fileName, Samples.ole2())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"letter.doc", "sheet.xls", "setup.msi", "report.pdf", "notes.txt", "no-extension"})
    void refusesAnOle2FileWithAnyOtherName(String fileName) {
      assertThat(TYPES.isAllowed(fileName, Samples.ole2())).isFalse();
    }
  }

  @Nested
  class ZipContainers {

    @Test
    void allowsDocxXlsxAndPptxWhateverTheName() {
      assertThat(TYPES.isAllowed("letter.docx", Samples.ooxml(WORD_MAIN, "word/document.xml"))).isTrue();
      assertThat(TYPES.isAllowed("upload.bin", Samples.ooxml(WORD_MAIN, "word/document.xml"))).isTrue();
      assertThat(TYPES.isAllowed("upload.bin", Samples.ooxml(SHEET_MAIN, "xl/workbook.xml"))).isTrue();
      assertThat(TYPES.isAllowed("upload.bin", Samples.ooxml(SLIDES_MAIN, "ppt/presentation.xml"))).isTrue();
    }

    @Test
    void allowsOoxmlWhoseContentTypesEntryComesLast() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("word/document.xml", Samples.ascii("<w:document/>"));
      entries.put("_rels/.rels", Samples.ascii("<Relationships/>"));
      entries.put("[Content_Types].xml", Samples.contentTypes(WORD_MAIN, "/word/document.xml"));
      assertThat(TYPES.isAllowed("letter.docx", Samples.zip(entries))).isTrue();
    }

    @Test
    void refusesOoxmlWhoseMainPartFolderIsMissing() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("[Content_Types].xml", Samples.contentTypes(WORD_MAIN, "/word/document.xml"));
      entries.put("other/document.xml", Samples.ascii("<w:document/>"));
      assertThat(TYPES.isAllowed("letter.docx", Samples.zip(entries))).isFalse();
    }

    @Test
    void refusesAWordFolderWithoutContentTypes() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("word/document.xml", Samples.ascii("<w:document/>"));
      assertThat(TYPES.isAllowed("letter.docx", Samples.zip(entries))).isFalse();
    }

    static Stream<Arguments> refusedOoxmlVariants() {
      return Stream.of(
          Arguments.of("docm",
              "application/vnd.ms-word.document.macroEnabled.main+xml", "word/document.xml"),
          Arguments.of("xlsm",
              "application/vnd.ms-excel.sheet.macroEnabled.main+xml", "xl/workbook.xml"),
          Arguments.of("pptm",
              "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml", "ppt/presentation.xml"),
          Arguments.of("dotx",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", "word/document.xml"),
          Arguments.of("ppsx",
              "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml", "ppt/presentation.xml"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedOoxmlVariants")
    void refusesOoxmlVariantsNotOnTheList(String kind, String mainPartType, String mainPart) {
      assertThat(TYPES.isAllowed("renamed.docx", Samples.ooxml(mainPartType, mainPart))).isFalse();
      assertThat(TYPES.isAllowed("renamed.xlsx", Samples.ooxml(mainPartType, mainPart))).isFalse();
    }

    @Test
    void refusesADocxCarryingAVbaProject() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("[Content_Types].xml", Samples.ascii(
          "<Types><Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/>"
              + "<Override PartName=\"/word/document.xml\" ContentType=\"" + WORD_MAIN + "\"/></Types>"));
      entries.put("word/document.xml", Samples.ascii("<w:document/>"));
      entries.put("word/vbaProject.bin", new byte[] {1, 2, 3});
      assertThat(TYPES.isAllowed("letter.docx", Samples.zip(entries))).isFalse();
    }

    static Stream<Arguments> allowedPackageMimetypes() {
      return Stream.of(
          Arguments.of("application/vnd.oasis.opendocument.spreadsheet"),
          Arguments.of("application/vnd.oasis.opendocument.graphics"),
          Arguments.of("application/vnd.oasis.opendocument.formula"),
          Arguments.of("application/vnd.oasis.opendocument.base"),
          Arguments.of("application/vnd.sun.xml.calc"),
          Arguments.of("application/vnd.sun.xml.draw"),
          Arguments.of("application/vnd.sun.xml.impress"),
          Arguments.of("application/vnd.sun.xml.writer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowedPackageMimetypes")
    void allowsOpenDocumentAndStarOfficeTypesOnTheList(String mimetype) {
      assertThat(TYPES.isAllowed("upload.bin", Samples.openDocument(mimetype))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.presentation",
        "application/vnd.oasis.opendocument.spreadsheet-template",
        "application/vnd.sun.xml.math",
        "application/epub+zip",
        ""})
    void refusesPackagesWhoseMimetypeIsNotOnTheList(String mimetype) {
      assertThat(TYPES.isAllowed("sheet.ods", Samples.openDocument(mimetype))).isFalse();
    }

    @Test
    void refusesOdtEvenWhenNamedOds() {
      assertThat(TYPES.isAllowed("budget.ods", Samples.openDocument("application/vnd.oasis.opendocument.text"))).isFalse();
      assertThat(TYPES.isAllowed("budget.odt", Samples.openDocument("application/vnd.oasis.opendocument.text"))).isFalse();
    }

    @Test
    void readsAMimetypeEntryThatIsNotTheFirst() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("META-INF/manifest.xml", Samples.ascii("<manifest/>"));
      entries.put("mimetype", Samples.ascii("application/vnd.oasis.opendocument.spreadsheet"));
      assertThat(TYPES.isAllowed("budget.ods", Samples.zip(entries))).isTrue();
    }

    @Test
    void refusesAPlainZipWhateverTheName() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("readme.txt", Samples.ascii("hello"));
      entries.put("setup.exe", Samples.windowsExecutable());
      byte[] zip = Samples.zip(entries);
      assertThat(TYPES.isAllowed("archive.zip", zip)).isFalse();
      assertThat(TYPES.isAllowed("letter.docx", zip)).isFalse();
      assertThat(TYPES.isAllowed("notes.txt", zip)).isFalse();
    }

    @Test
    void refusesAJarWhateverTheName() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("META-INF/MANIFEST.MF", Samples.ascii("Manifest-Version: 1.0\n"));
      entries.put("Main.class", Samples.padded(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}, 32));
      assertThat(TYPES.isAllowed("tool.pdf", Samples.zip(entries))).isFalse();
    }

    @Test
    void refusesACorruptZip() {
      byte[] corrupt = Samples.padded(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 99, 0}, 200);
      assertThat(TYPES.isAllowed("letter.docx", corrupt)).isFalse();
    }

    @Test
    void refusesATruncatedDocx() {
      byte[] docx = Samples.ooxml(WORD_MAIN, "word/document.xml");
      byte[] truncated = Arrays.copyOf(docx, 40);
      assertThat(TYPES.isAllowed("letter.docx", truncated)).isFalse();
    }

    @Test
    void refusesAZipBombBeforeInflatingIt() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("[Content_Types].xml", Samples.contentTypes(WORD_MAIN, "/word/document.xml"));
      entries.put("word/document.xml", Samples.ascii("<w:document/>"));
      byte[] bomb = Samples.zip(300L * 1024 * 1024, entries);
      assertThat(bomb.length).isLessThan(1024 * 1024);
      assertThat(TYPES.isAllowed("letter.docx", bomb)).isFalse();
    }
  }

  @Nested
  class NameDecidesWhenNothingIsDetected {

    @ParameterizedTest
    @ValueSource(strings = {"data.csv", "notes.txt", "NOTES.TXT", "Data.Csv", "key.asc", "entities.ent", "a.b.txt"})
    void allowsTextWithAnAllowedExtension(String fileName) {
      assertThat(TYPES.isAllowed(fileName, Samples.ascii("name,email\nalice,alice@example.com\n"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"run.sh", "script.js", "page.htm", "archive.zip", "notes", "notes.", "notes.txt.exe", ".bashrc"})
    void refusesTextWithAnExtensionNotOnTheList(String fileName) {
      assertThat(TYPES.isAllowed(fileName, Samples.ascii("echo hello\n"))).isFalse();
    }

    @Test
    void allowsUtf8TextWithAByteOrderMark() {
      byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
      byte[] text = "name;city\nJürgen;Köln\n".getBytes(StandardCharsets.UTF_8);
      assertThat(TYPES.isAllowed("export.csv", Samples.concat(bom, text))).isTrue();
    }

    @Test
    void allowsPgpArmorNamedAsc() {
      assertThat(TYPES.isAllowed("signature.asc",
          Samples.ascii("-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n"))).isTrue();
    }

    @Test
    void decidesUnrecognisedBinaryByName() {
      byte[] unrecognised = {1, 2, 3, 4, 5, (byte) 200, (byte) 201, 0, 0, 7};
      assertThat(TYPES.isAllowed("project.mpp", unrecognised)).isTrue();
      assertThat(TYPES.isAllowed("movie.WMV", unrecognised)).isTrue();
      assertThat(TYPES.isAllowed("program.exe", unrecognised)).isFalse();
      assertThat(TYPES.isAllowed("library.dll", unrecognised)).isFalse();
    }

    @Test
    void decidesEmptyContentByName() {
      assertThat(TYPES.isAllowed("empty.txt", new byte[0])).isTrue();
      assertThat(TYPES.isAllowed("empty.exe", new byte[0])).isFalse();
    }

    @Test
    void refusesUndetectedContentWithoutAName() {
      assertThat(TYPES.isAllowed(null, Samples.ascii("hello"))).isFalse();
      assertThat(TYPES.isAllowed("", Samples.ascii("hello"))).isFalse();
    }

    @Test
    void everyAllowedExtensionIsAcceptedForUndetectedContent() {
      for (String extension : AttachmentTypes.ALLOWED_EXTENSIONS) {
        assertThat(TYPES.isAllowed("file." + extension, new byte[] {1, 2, 3}))
            .as(extension).isTrue();
        assertThat(TYPES.isAllowed("FILE." + extension.toUpperCase(Locale.ROOT), new byte[] {1, 2, 3}))
            .as(extension).isTrue();
      }
    }
  }

  @Test
  void theAllowListIsExactlyTheSpecList() {
    assertThat(AttachmentTypes.ALLOWED_EXTENSIONS).containsExactlyInAnyOrder(
        ("asc avi bmp csv dgn docx dwf dwg dxf ent gif jpeg jpg mpeg mpg mpp odb odf odg ods pdf png pptx rtf "
            + "sxc sxd sxi sxw tif tiff txt wmv xlsx").split(" "));
  }

  @Test
  void oneInstanceServesConcurrentCallers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        boolean expectAllowed = i % 2 == 0;
        results.add(pool.submit(() -> expectAllowed
            == TYPES.isAllowed("file.docx", expectAllowed
                ? Samples.ooxml(WORD_MAIN, "word/document.xml")
                : Samples.windowsExecutable())));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Minimal files that carry the real signatures. */
  static final class Samples {

    static byte[] pdf() {
      return ascii("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    }

    static byte[] png() {
      return padded(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'}, 64);
    }

    static byte[] gif() {
      return ascii("GIF89a\u0001\u0000\u0001\u0000\u0080\u0000\u0000\u0000\u0000\u0000;");
    }

    static byte[] jpeg() {
      return padded(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0}, 64);
    }

    static byte[] bmp() {
      byte[] bmp = new byte[80];
      bmp[0] = 'B';
      bmp[1] = 'M';
      bmp[2] = 80;
      bmp[10] = 54;
      bmp[14] = 40;
      bmp[18] = 1;
      bmp[22] = 1;
      bmp[26] = 1;
      bmp[28] = 24;
      return bmp;
    }

    static byte[] tiffLittleEndian() {
      return padded(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0}, 64);
    }

    static byte[] tiffBigEndian() {
      return padded(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}, 64);
    }

    static byte[] riff(String formAndFirstChunk) {
      return padded(concat(ascii("RIFF"), new byte[] {0x24, 0, 0, 0}, ascii(formAndFirstChunk)), 64);
    }

    static byte[] asf() {
      return padded(new byte[] {0x30, 0x26, (byte) 0xB2, 0x75, (byte) 0x8E, 0x66, (byte) 0xCF, 0x11,
          (byte) 0xA6, (byte) 0xD9, 0, (byte) 0xAA, 0, 0x62, (byte) 0xCE, 0x6C}, 64);
    }

    static byte[] ole2() {
      byte[] signature = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
      return padded(signature, 1024);
    }

    static byte[] windowsExecutable() {
      byte[] exe = new byte[512];
      exe[0] = 'M';
      exe[1] = 'Z';
      exe[0x3C] = (byte) 0x80;
      exe[0x80] = 'P';
      exe[0x81] = 'E';
      exe[0x84] = 0x4C;
      exe[0x85] = 0x01;
      byte[] stub = ascii("This program cannot be run in DOS mode.");
      System.arraycopy(stub, 0, exe, 0x4E, stub.length);
      return exe;
    }

    static byte[] contentTypes(String mainPartType, String mainPartName) {
      return ascii("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
          + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
          + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
          + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
          + "<Override PartName=\"" + mainPartName + "\" ContentType=\"" + mainPartType + "\"/>"
          + "</Types>");
    }

    static byte[] ooxml(String mainPartType, String mainPartName) {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("[Content_Types].xml", contentTypes(mainPartType, "/" + mainPartName));
      entries.put("_rels/.rels", ascii("<Relationships/>"));
      entries.put("docProps/app.xml", ascii("<Properties/>"));
      entries.put(mainPartName, ascii("<document/>"));
      return zip(entries);
    }

    static byte[] openDocument(String mimetype) {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("mimetype", ascii(mimetype));
      entries.put("content.xml", ascii("<office:document-content/>"));
      entries.put("META-INF/manifest.xml", ascii("<manifest:manifest/>"));
      return zip(entries);
    }

    /** Entries in the given order; {@code mimetype} is stored uncompressed, as OpenDocument requires. */
    static byte[] zip(Map<String, byte[]> entries) {
      return zip(0, entries);
    }

    /** With a first entry of {@code zeros} zero bytes when that is positive. */
    static byte[] zip(long zeros, Map<String, byte[]> entries) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
        if (zeros > 0) {
          zip.putNextEntry(new ZipEntry("padding/zeros"));
          byte[] chunk = new byte[1024 * 1024];
          for (long written = 0; written < zeros; written += chunk.length) {
            zip.write(chunk, 0, (int) Math.min(chunk.length, zeros - written));
          }
          zip.closeEntry();
        }
        for (Map.Entry<String, byte[]> file : entries.entrySet()) {
          ZipEntry entry = new ZipEntry(file.getKey());
          if (file.getKey().equals("mimetype")) {
            CRC32 crc = new CRC32();
            crc.update(file.getValue());
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(file.getValue().length);
            entry.setCrc(crc.getValue());
          }
          zip.putNextEntry(entry);
          zip.write(file.getValue());
          zip.closeEntry();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    static byte[] ascii(String text) {
      return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] padded(byte[] prefix, int length) {
      return Arrays.copyOf(prefix, Math.max(length, prefix.length));
    }

    static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (byte[] part : parts) {
        bytes.writeBytes(part);
      }
      return bytes.toByteArray();
    }
  }
}
