package dev.meridian.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateRequestTest {

  @Test
  void hostnamesAreLowerCasedSortedAndLoseTheirTrailingDot() {
    CertificateRequest request = CertificateRequest.of(ChallengeType.HTTP_01,
        "WWW.Example.com.", "api.example.com", "www.example.com");

    assertEquals(List.of("api.example.com", "www.example.com"), List.copyOf(request.hostnames()));
    assertEquals("api.example.com,www.example.com", request.name());
    assertEquals(request, CertificateRequest.of(ChallengeType.HTTP_01,
        "www.example.com", "API.example.com"));
  }

  @Test
  void aWildcardWithDns01IsAccepted() {
    CertificateRequest request = CertificateRequest.of(ChallengeType.DNS_01,
        "*.Example.com", "example.com");

    assertEquals("*.example.com,example.com", request.name());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "*.example.com          | can only be validated with DNS_01",
      "localhost              | has a single label",
      "192.168.1.1            | looks like an IP address",
      "a..example.com         | has an invalid label ''",
      "-a.example.com         | has an invalid label '-a'",
      "a_b.example.com        | has an invalid label 'a_b'",
      "www.*.example.com      | has an invalid label '*'",
      "*.                     | has a single label",
      "''                     | is not a DNS name",
      "a.b.example.com.x-     | has an invalid label 'x-'",
  })
  void aBadHostnameIsRejectedWithAMessageSayingWhy(String hostname, String reason) {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> CertificateRequest.of(ChallengeType.HTTP_01, hostname));

    assertTrue(failure.getMessage().contains(reason), failure.getMessage());
    assertTrue(failure.getMessage().contains(hostname), failure.getMessage());
  }

  @Test
  void aLabelOver63CharactersOrANameOver253AreRejected() {
    String label64 = "a".repeat(64);
    assertThrows(IllegalArgumentException.class,
        () -> CertificateRequest.of(ChallengeType.HTTP_01, label64 + ".example.com"));
    String long254 = String.join(".", Collections.nCopies(127, "a"));
    assertEquals(253, long254.length());
    CertificateRequest.of(ChallengeType.HTTP_01, long254);
    assertThrows(IllegalArgumentException.class,
        () -> CertificateRequest.of(ChallengeType.HTTP_01, long254 + "b"));
  }

  @Test
  void anEmptyOrOversizeRequestIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> CertificateRequest.of(ChallengeType.HTTP_01, List.of()));
    List<String> tooMany = IntStream.rangeClosed(0, CertificateRequest.MAX_HOSTNAMES)
        .mapToObj(i -> "h" + i + ".example.com").toList();
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> CertificateRequest.of(ChallengeType.HTTP_01, tooMany));
    assertTrue(failure.getMessage().contains("split them"), failure.getMessage());
  }
}
