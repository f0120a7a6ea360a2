package dev.meridian.pop.api.url;

import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.HostOp;
import java.util.List;

/**
 * The WHATWG URL standard: {@code URL} and {@code URLSearchParams}, and the URL Pattern standard's
 * {@code URLPattern} (over the same parser), with the whole parser in
 * JavaScript except domain to ASCII (UTS #46), which needs Unicode's IDNA tables and so is the host
 * op {@code op_url_domain_to_ascii} ({@link DomainToAscii}). Pure-ASCII domains never reach it.
 */
public final class UrlExtension implements Extension {

  public UrlExtension() {}

  @Override
  public String name() {
    return "url";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "encoding");
  }

  @Override
  public List<String> scripts() {
    return List.of("00_url_parser.js", "01_url.js", "02_urlpattern.js");
  }

  @Override
  public List<HostOp> ops() {
    return List.of(new HostOp("op_url_domain_to_ascii", DomainToAscii::call));
  }
}
