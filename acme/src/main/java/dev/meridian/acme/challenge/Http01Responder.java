package dev.meridian.acme.challenge;

/**
 * Makes HTTP-01 key authorizations answerable (RFC 8555 §8.3): after {@link #publish}, every PoP
 * that a hostname resolves to must answer {@code GET /.well-known/acme-challenge/TOKEN} with status
 * 200 and the key authorization as the body. The issuer withdraws each token once its challenge is
 * decided, valid or not.
 *
 * <p>{@link Http01Tokens} is the in-process implementation: a single PoP, or a PoP that looks tokens
 * up in it. A multi-PoP deployment implements this by also replicating the token to the other PoPs
 * before {@code publish} returns, because the CA may ask any of them.
 */
public interface Http01Responder {

  /** Answers {@code token} with {@code keyAuthorization} from now on; returns once it is served. */
  void publish(String token, String keyAuthorization);

  /** Stops answering {@code token}; a token never published is ignored. */
  void withdraw(String token);
}
