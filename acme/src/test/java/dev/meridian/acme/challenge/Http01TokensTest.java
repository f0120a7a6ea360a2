package dev.meridian.acme.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class Http01TokensTest {

  private final Http01Tokens tokens = new Http01Tokens();

  @Test
  void aPublishedTokenIsAnsweredUntilWithdrawn() {
    tokens.publish("tok-1", "tok-1.thumbprint");

    assertEquals("tok-1.thumbprint", tokens.keyAuthorization("tok-1"));
    assertEquals("tok-1.thumbprint", tokens.forPath("/.well-known/acme-challenge/tok-1"));
    tokens.withdraw("tok-1");
    assertNull(tokens.keyAuthorization("tok-1"));
    assertEquals(0, tokens.size());
  }

  @Test
  void anyOtherPathOrTokenIsA404NotAnError() {
    tokens.publish("tok-1", "tok-1.thumbprint");

    assertNull(tokens.forPath("/"));
    assertNull(tokens.forPath("/.well-known/acme-challenge/"));
    assertNull(tokens.forPath("/.well-known/acme-challenge/tok-1/extra"));
    assertNull(tokens.forPath("/.well-known/acme-challenge/../tok-1"));
    assertNull(tokens.forPath("/other/tok-1"));
    assertNull(tokens.keyAuthorization(""));
    tokens.withdraw("never-published");
    assertEquals(1, tokens.size());
  }
}
