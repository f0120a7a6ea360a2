package dev.meridian.pop.http;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's h2c upgrade, offered only to requests without a body. The upgrade handler holds the whole
 * upgrade request in memory, so a large upload offered as an upgrade would be refused or buffered; a
 * server may ignore an upgrade (RFC 9110 §7.8), so such a request is served as HTTP/1.1 and the
 * client stays on it.
 *
 * <p>Sits right after the HTTP/1.1 codec on the cleartext port, where {@code
 * CleartextHttp2ServerUpgradeHandler} puts it.
 */
final class H2cUpgradeHandler extends HttpServerUpgradeHandler {

  /** What an upgrade request may carry: headers only, in practice. */
  static final int MAX_UPGRADE_REQUEST_BYTES = 64 * 1024;

  H2cUpgradeHandler(SourceCodec codec, UpgradeCodecFactory factory) {
    super(codec, factory, MAX_UPGRADE_REQUEST_BYTES);
  }

  @Override
  protected boolean shouldHandleUpgradeRequest(HttpRequest request) {
    boolean hasBody = HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    return !hasBody && super.shouldHandleUpgradeRequest(request);
  }
}
