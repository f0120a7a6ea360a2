package dev.meridian.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AcmeIssuerConfigTest {

  private static final KeyPair KEY = EcKeys.generateP256();
  private static final URI DIRECTORY = URI.create("https://acme.example.com/directory");

  @Test
  void defaultsAreTheDocumentedConstants() {
    AcmeIssuerConfig config = AcmeIssuerConfig.of(DIRECTORY, KEY);

    assertEquals(AcmeIssuerConfig.DEFAULT_CHALLENGE_TIMEOUT, config.challengeTimeout());
    assertEquals(AcmeIssuerConfig.DEFAULT_ORDER_TIMEOUT, config.orderTimeout());
  }

  @Test
  void aPlainHttpDirectoryIsRefused() {
    var failure = assertThrows(IllegalArgumentException.class,
        () -> AcmeIssuerConfig.of(URI.create("http://acme.example.com/dir"), KEY));
    assertTrue(failure.getMessage().contains("https://"), failure.getMessage());
  }

  @Test
  void aBadContactOrTimeoutNamesTheField() {
    AcmeIssuerConfig config = AcmeIssuerConfig.of(DIRECTORY, KEY);

    var email = assertThrows(IllegalArgumentException.class,
        () -> config.withContactEmail("not an address"));
    assertTrue(email.getMessage().contains("contactEmail"), email.getMessage());
    var timeout = assertThrows(IllegalArgumentException.class,
        () -> config.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
    assertTrue(timeout.getMessage().contains("challengeTimeout"), timeout.getMessage());
  }
}
