package dev.meridian.control.edge;

import dev.meridian.acme.CertificateRequest;
import dev.meridian.acme.ChallengeType;
import dev.meridian.acme.renewal.RenewalScheduler;
import dev.meridian.bundles.manifest.Manifest;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a certificate for every hostname a deployment routes: an exact hostname is validated over
 * HTTP-01 (every PoP answers the challenge), a wildcard route's {@code *.host} over DNS-01 (our own
 * DNS answers the TXT record). A new hostname is ordered at once; one no deployment routes any more
 * is no longer renewed and leaves the PoPs. The platform's own hostnames are the operator's to
 * certify (one wildcard certificate), not ordered here.
 */
public final class CertificateOrders extends RoutedNames {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateOrders.class);

  private final RenewalScheduler scheduler;
  private final Executor issuing;

  /** @param issuing where new hostnames are ordered, off the feed's thread (an order takes seconds) */
  public CertificateOrders(RenewalScheduler scheduler, Executor issuing) {
    this.scheduler = scheduler;
    this.issuing = issuing;
  }

  @Override
  Set<String> names(Manifest manifest) {
    return routeHosts(manifest);
  }

  static CertificateRequest request(String hostname) {
    return CertificateRequest.of(hostname.startsWith("*.") ? ChallengeType.DNS_01 : ChallengeType.HTTP_01, hostname);
  }

  @Override
  void apply(NameUse.Change change) {
    change.added().forEach(hostname -> scheduler.manage(request(hostname)));
    for (String hostname : change.removed()) {
      try {
        scheduler.unmanage(request(hostname));
      } catch (IOException e) {
        LOG.warn("event=certificate_unmanage_failed hostname={} error=\"{}\"", hostname, e.getMessage());
      }
    }
    if (!change.added().isEmpty()) {
      issuing.execute(scheduler::renewDue);
    }
  }
}
