package dev.meridian.kv.crdt;

/**
 * The bytes were written by an encoding version this build does not know, typically by a newer
 * node during a rolling upgrade. The data may be fine; this node cannot read it.
 */
public final class UnsupportedVersionException extends EncodingException {

  private final int found;
  private final int supported;

  public UnsupportedVersionException(String what, int found, int supported) {
    super(what + " encoding version " + found + " is not supported (this build reads version "
        + supported + "); upgrade this node");
    this.found = found;
    this.supported = supported;
  }

  public int found() {
    return found;
  }

  public int supported() {
    return supported;
  }
}
