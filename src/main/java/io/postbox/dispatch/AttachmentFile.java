package io.postbox.dispatch;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An uploaded file as the client named it. The content array is held as given, not copied
 * (files go up to 10 MiB), so callers must not change it afterwards.
 */
public record AttachmentFile(String fileName, byte[] content) {

  public AttachmentFile {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(content, "content");
  }

  public int size() {
    return content.length;
  }

  /** Lowercase 32-hex MD5 of the content, the {@code hash} of the attachment metadata (SPEC §8). */
  public String md5Hex() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides MD5", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AttachmentFile that
        && fileName.equals(that.fileName)
        && Arrays.equals(content, that.content);
  }

  @Override
  public int hashCode() {
    return 31 * fileName.hashCode() + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "AttachmentFile[fileName=" + fileName + ", size=" + content.length + "]";
  }
}
