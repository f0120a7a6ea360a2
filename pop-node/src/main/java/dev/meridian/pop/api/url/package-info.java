/**
 * The URL standard for the web platform API: {@code URL} and {@code URLSearchParams}, parsed in
 * JavaScript, with domain to ASCII as the host op {@code op_url_domain_to_ascii}.
 *
 * <p>The JavaScript lives beside this package under {@code src/main/resources}, in the same package
 * path; its README links the specifications it implements and lists the known gaps.
 */
@org.jspecify.annotations.NullMarked
package dev.meridian.pop.api.url;
