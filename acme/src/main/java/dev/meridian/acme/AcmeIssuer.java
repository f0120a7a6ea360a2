package dev.meridian.acme;

import dev.meridian.acme.challenge.Dns01Publisher;
import dev.meridian.acme.challenge.Http01Responder;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeLazyLoadingException;
import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues certificates from an ACME CA (RFC 8555) with acme4j: registers the account (agreeing to
 * the terms of service), places an order for the request's hostnames, answers one challenge per
 * pending authorization through the configured {@link Http01Responder} or {@link Dns01Publisher},
 * then finalizes with a CSR for a new EC P-256 key and downloads the chain.
 *
 * <p>Every challenge response published is withdrawn again once the challenges are decided,
 * whether issuance goes on or fails. All responses of an order are published before any challenge
 * is triggered, so the CA never looks before the DNS or the PoPs have them.
 *
 * <p>Safe to use from several threads: each call is one order. The account is registered on the
 * first call and again after a failure (the CA may have lost it: a restarted Pebble does).
 */
public final class AcmeIssuer implements CertificateIssuer {

  private static final Logger log = LoggerFactory.getLogger(AcmeIssuer.class);

  private final AcmeIssuerConfig config;
  private final Session session;
  private final Object loginLock = new Object();
  private @Nullable Login login;

  private AcmeIssuer(AcmeIssuerConfig config) {
    this.config = config;
    X509Certificate root = config.trustedRoot();
    this.session = root == null
        ? new Session(config.directory())
        : new Session(config.directory(), new TrustingAcmeProvider(root));
  }

  /** An issuer for the CA and account of {@code config}; nothing is sent until the first issue. */
  public static AcmeIssuer create(AcmeIssuerConfig config) {
    return new AcmeIssuer(config);
  }

  @Override
  public IssuedCertificate issue(CertificateRequest request) throws IssuanceException {
    requireResponder(request.challenge());
    String names = request.name();
    try {
      Order order = login().newOrder().domains(request.hostnames()).create();
      answerChallenges(order, request.challenge());
      Status ready = StatusPoller.await(order, EnumSet.of(Status.READY, Status.INVALID),
          config.orderTimeout());
      if (ready != Status.READY) {
        throw new IssuanceException("order for " + names + " is " + ready + " instead of READY"
            + problem(order.getError()));
      }
      KeyPair keyPair = EcKeys.generateP256();
      order.execute(keyPair);
      Status issued = StatusPoller.await(order, EnumSet.of(Status.VALID, Status.INVALID),
          config.orderTimeout());
      if (issued != Status.VALID) {
        throw new IssuanceException("the CA did not issue the certificate for " + names
            + ": the order is " + issued + problem(order.getError()));
      }
      List<X509Certificate> chain = order.getCertificate().getCertificateChain();
      log.info("event=certificate_issued names={} not_after={}", names,
          chain.getFirst().getNotAfter().toInstant());
      return new IssuedCertificate(request, keyPair.getPrivate(), chain);
    } catch (AcmeException | AcmeLazyLoadingException | AcmeProtocolException e) {
      // the last two are acme4j's unchecked failures: a download or a CA reply gone wrong
      forgetLogin();
      throw new IssuanceException("ACME request for " + names + " to " + config.directory()
          + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IssuanceException("issuing " + names + " was interrupted", e);
    }
  }

  /** Publishes every pending authorization's response, triggers them, waits, withdraws all. */
  private void answerChallenges(Order order, ChallengeType type)
      throws AcmeException, InterruptedException, IssuanceException {
    Deque<Runnable> withdrawals = new ArrayDeque<>();
    try {
      List<Answered> answered = new ArrayList<>();
      for (Authorization auth : order.getAuthorizations()) {
        switch (auth.getStatus()) {
          case VALID -> { } // reused from an earlier order: nothing to prove
          case PENDING -> answered.add(new Answered(auth, publishOrFail(auth, type, withdrawals)));
          default -> throw new IssuanceException("authorization for " + describe(auth) + " is "
              + auth.getStatus() + ": place a new order");
        }
      }
      for (Answered each : answered) {
        each.challenge().trigger();
      }
      for (Answered each : answered) {
        Status status = StatusPoller.await(each.challenge(),
            EnumSet.of(Status.VALID, Status.INVALID), config.challengeTimeout());
        if (status != Status.VALID) {
          throw new IssuanceException(type.acmeName() + " challenge for "
              + describe(each.authorization()) + " is " + status
              + problem(each.challenge().getError()));
        }
      }
    } finally {
      withdrawAll(withdrawals);
    }
  }

  /** A pending authorization and the challenge whose response was published for it. */
  private record Answered(Authorization authorization, Challenge challenge) {}

  /** Publishes; a responder that throws fails this issue with a message, not the caller. */
  private Challenge publishOrFail(Authorization auth, ChallengeType type,
      Deque<Runnable> withdrawals) throws IssuanceException {
    try {
      return publish(auth, type, withdrawals);
    } catch (RuntimeException e) {
      throw new IssuanceException("publishing the " + type.acmeName() + " response for "
          + describe(auth) + " failed: " + e, e);
    }
  }

  private Challenge publish(Authorization auth, ChallengeType type, Deque<Runnable> withdrawals)
      throws IssuanceException {
    return switch (type) {
      case HTTP_01 -> publishHttp01(auth, withdrawals);
      case DNS_01 -> publishDns01(auth, withdrawals);
    };
  }

  private Challenge publishHttp01(Authorization auth, Deque<Runnable> withdrawals)
      throws IssuanceException {
    Http01Challenge challenge = auth.<Http01Challenge>findChallenge(Http01Challenge.TYPE)
        .orElseThrow(() -> noChallenge(auth, ChallengeType.HTTP_01));
    Http01Responder responder = requireResponder(config.http01(), ChallengeType.HTTP_01);
    String token = challenge.getToken();
    withdrawals.push(() -> responder.withdraw(token));
    responder.publish(token, challenge.getAuthorization());
    return challenge;
  }

  private Challenge publishDns01(Authorization auth, Deque<Runnable> withdrawals)
      throws IssuanceException {
    Dns01Challenge challenge = auth.<Dns01Challenge>findChallenge(Dns01Challenge.TYPE)
        .orElseThrow(() -> noChallenge(auth, ChallengeType.DNS_01));
    Dns01Publisher publisher = requireResponder(config.dns01(), ChallengeType.DNS_01);
    String name = challenge.getRRName(auth.getIdentifier());
    String value = challenge.getDigest();
    withdrawals.push(() -> publisher.withdraw(name, value));
    publisher.publish(name, value);
    return challenge;
  }

  /** Withdraws in reverse order; a failing withdrawal is logged and the others still run. */
  private static void withdrawAll(Deque<Runnable> withdrawals) {
    while (!withdrawals.isEmpty()) {
      try {
        withdrawals.pop().run();
      } catch (RuntimeException e) {
        log.warn("event=challenge_withdraw_failed error=\"{}\"", e.toString(), e);
      }
    }
  }

  private Login login() throws AcmeException {
    synchronized (loginLock) {
      Login current = login;
      if (current == null) {
        AccountBuilder account = new AccountBuilder()
            .agreeToTermsOfService()
            .useKeyPair(config.accountKey());
        if (config.contactEmail() != null) {
          account.addEmail(config.contactEmail());
        }
        current = account.createLogin(session);
        log.info("event=acme_account_ready ca={} account={}", config.directory(),
            current.getAccountLocation());
        login = current;
      }
      return current;
    }
  }

  private void forgetLogin() {
    synchronized (loginLock) {
      login = null;
    }
  }

  private void requireResponder(ChallengeType type) {
    requireResponder(type == ChallengeType.HTTP_01 ? config.http01() : config.dns01(), type);
  }

  private static <T> T requireResponder(@Nullable T responder, ChallengeType type) {
    if (responder == null) {
      throw new IllegalStateException("this issuer has no " + type.acmeName()
          + " responder: configure it with AcmeIssuerConfig.with"
          + (type == ChallengeType.HTTP_01 ? "Http01" : "Dns01") + "(...)");
    }
    return responder;
  }

  private static IssuanceException noChallenge(Authorization auth, ChallengeType type) {
    return new IssuanceException("the CA offers no " + type.acmeName() + " challenge for "
        + describe(auth) + ": request it with another challenge type");
  }

  private static String describe(Authorization auth) {
    return (auth.isWildcard() ? "*." : "") + auth.getIdentifier().getDomain();
  }

  private static String problem(Optional<Problem> problem) {
    return problem.map(p -> ": " + p.getDetail().orElse(p.getType().toString())).orElse("");
  }
}
