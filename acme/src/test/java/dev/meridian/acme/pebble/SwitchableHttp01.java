package dev.meridian.acme.pebble;

import dev.meridian.acme.challenge.Http01Responder;
import dev.meridian.acme.challenge.Http01Tokens;

/**
 * An HTTP-01 responder that publishes into real {@link Http01Tokens} either the right key
 * authorization or, while {@link #answerWrongly(boolean)} is on, a wrong one: how a test makes a
 * real CA fail a challenge (pebble then marks it invalid).
 */
public final class SwitchableHttp01 implements Http01Responder {

  private final Http01Tokens tokens;
  private volatile boolean wrong;

  /** Publishes into {@code tokens}; wrongly from the start when {@code wrong}. */
  public SwitchableHttp01(Http01Tokens tokens, boolean wrong) {
    this.tokens = tokens;
    this.wrong = wrong;
  }

  /** From now on publishes a wrong value ({@code true}) or the right one. */
  public void answerWrongly(boolean wrong) {
    this.wrong = wrong;
  }

  @Override
  public void publish(String token, String keyAuthorization) {
    tokens.publish(token, wrong ? "not-" + keyAuthorization : keyAuthorization);
  }

  @Override
  public void withdraw(String token) {
    tokens.withdraw(token);
  }
}
