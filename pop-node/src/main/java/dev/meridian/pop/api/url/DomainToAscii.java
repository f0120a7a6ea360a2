package dev.meridian.pop.api.url;

import dev.meridian.pop.api.HostOpException;
import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The op {@code op_url_domain_to_ascii(domain, beStrict)}: the URL standard's domain to ASCII
 * (https://url.spec.whatwg.org/#concept-domain-to-ascii), which is UTS #46 ToASCII
 * (https://www.unicode.org/reports/tr46/#ToASCII) with CheckHyphens false, CheckBidi and
 * CheckJoiners true, Transitional_Processing false, and UseSTD3ASCIIRules and VerifyDnsLength set
 * to {@code beStrict}.
 *
 * <p>The JDK has no UTS #46: {@link IDN} implements IDNA2003 (RFC 3490, with Nameprep). This class
 * runs the UTS #46 steps it can approximate around it: the mapping step as NFKC with lower-casing,
 * the ideographic full stops as label separators and the default-ignorable code points removed;
 * labels that already are Punycode ({@code xn--}) are checked by decoding them. It does not have
 * UTS #46's own table, so code points that IDNA2003 and IDNA2008 treat differently (ß, ς, the
 * joiners ZWJ/ZWNJ, symbols and emoji that IDNA2003 allowed, unassigned code points) can come out
 * differently; the folder's README lists the known differences and the WPT cases they fail.
 *
 * <p>Failure is a {@code TypeError}; the JavaScript host parser turns it into URL failure.
 */
final class DomainToAscii {

  /** Longest domain and label under VerifyDnsLength (RFC 1034 limits, as UTS #46 checks them). */
  static final int MAX_DOMAIN_LENGTH = 253;

  static final int MAX_LABEL_LENGTH = 63;

  private DomainToAscii() {}

  static Object call(Object... args) throws HostOpException {
    if (args.length < 1 || !(args[0] instanceof String domain)) {
      throw HostOpException.typeError(
          "op_url_domain_to_ascii(domain, beStrict): domain must be a string");
    }
    boolean beStrict = args.length > 1 && Boolean.TRUE.equals(args[1]);
    return toAscii(domain, beStrict);
  }

  static String toAscii(String domain, boolean beStrict) throws HostOpException {
    String mapped = map(domain);
    String[] labels = mapped.split("\\.", -1);
    StringBuilder out = new StringBuilder(mapped.length() + 16);
    int flags = IDN.ALLOW_UNASSIGNED | (beStrict ? IDN.USE_STD3_ASCII_RULES : 0);
    for (int i = 0; i < labels.length; i++) {
      String label = labels[i];
      if (i > 0) {
        out.append('.');
      }
      if (label.isEmpty()) {
        continue;
      }
      String ascii;
      if (label.startsWith("xn--")) {
        ascii = checkPunycode(label, flags);
      } else if (isAscii(label)) {
        ascii = label;
      } else {
        validate(label, flags, domain);
        // The label as mapped is what UTS #46 encodes.
        ascii = "xn--" + Punycode.encode(label);
      }
      if (beStrict && ascii.length() > MAX_LABEL_LENGTH) {
        throw invalid(domain);
      }
      out.append(ascii);
    }
    String result = out.toString();
    if (beStrict && (result.isEmpty() || result.length() > MAX_DOMAIN_LENGTH)) {
      throw invalid(domain);
    }
    return result;
  }

  /**
   * UTS #46 § 4 Processing, step 1 (Map), approximated: NFKC, lower case, the full stops that UTS
   * #46 maps to U+002E, and the default-ignorable code points it maps to nothing.
   */
  static String map(String domain) {
    StringBuilder sb = new StringBuilder(domain.length());
    for (int i = 0; i < domain.length(); ) {
      int cp = domain.codePointAt(i);
      i += Character.charCount(cp);
      if (isIgnored(cp)) {
        continue;
      }
      if (cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61) {
        sb.append('.');
      } else {
        sb.appendCodePoint(cp);
      }
    }
    String nfkc = Normalizer.normalize(sb, Normalizer.Form.NFKC);
    return Normalizer.normalize(nfkc.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }

  /** Code points that UTS #46 maps to nothing (its "ignored" status). */
  private static boolean isIgnored(int cp) {
    return cp == 0x00AD
        || cp == 0x034F
        || (cp >= 0x180B && cp <= 0x180D)
        || cp == 0x180F
        || cp == 0x200B
        || cp == 0x2060
        || cp == 0x2064
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || cp == 0xFEFF
        || (cp >= 0xE0100 && cp <= 0xE01EF);
  }

  /**
   * UTS #46 § 4.1 Validity Criteria, approximated by IDNA2003: {@link IDN} rejects prohibited code
   * points and breaks of the bidi rule. Its label length limit is not a UTS #46 criterion (that is
   * VerifyDnsLength, checked by the caller), so a label refused only for its length passes.
   */
  private static void validate(String label, int flags, String domain) throws HostOpException {
    try {
      IDN.toASCII(label, flags);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      if (!message.contains("too long")) {
        throw invalid(domain);
      }
    }
  }

  /**
   * UTS #46 § 4 step 4 for a label in Punycode: it must decode, to a label that is not ASCII, is
   * already in mapped form, and is valid.
   */
  private static String checkPunycode(String label, int flags) throws HostOpException {
    String lower = label.toLowerCase(Locale.ROOT);
    String unicode = Punycode.decode(lower.substring(4));
    if (unicode == null || isAscii(unicode) || !map(unicode).equals(unicode)) {
      throw invalid(label);
    }
    validate(unicode, flags, label);
    return lower;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static HostOpException invalid(String domain) {
    return HostOpException.typeError("Invalid domain: " + domain);
  }
}
