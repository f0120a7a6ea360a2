package dev.meridian.pop.api.subtle;

import dev.meridian.pop.api.HostOpException;

/**
 * The errors of Web Crypto and the DOMException name each becomes
 * (https://w3c.github.io/webcrypto/#SubtleCrypto-Exceptions). A JCA exception never reaches
 * JavaScript as itself: each op turns it into one of these.
 */
final class SubtleErrors {

  private SubtleErrors() {}

  /** The algorithm, or a parameter of it, is not supported. */
  static HostOpException notSupported(String message) {
    return HostOpException.domException("NotSupportedError", message);
  }

  /** Key data or a parameter is not valid for the operation. */
  static HostOpException data(String message) {
    return HostOpException.domException("DataError", message);
  }

  /** The operation failed for an operation-specific reason (a bad tag, bad padding, a bad length). */
  static HostOpException operation(String message) {
    return HostOpException.domException("OperationError", message);
  }

  /** The key cannot be used as asked. */
  static HostOpException invalidAccess(String message) {
    return HostOpException.domException("InvalidAccessError", message);
  }
}
