package dev.meridian.kv;

/** Thrown for metadata whose serialized JSON is longer than {@link KvNamespace#DEFAULT_MAX_METADATA_BYTES} bytes. */
public final class MetadataTooLargeException extends SizeLimitException {

  MetadataTooLargeException(String message, long actual, long limit) {
    super(message, actual, limit);
  }
}
