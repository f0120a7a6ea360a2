package dev.meridian.control.edge;

import dev.meridian.acme.CertificateRequest;
import dev.meridian.acme.ChallengeType;
import dev.meridian.acme.renewal.RenewalScheduler;
import dev.meridian.bundles.RoutePattern;
import dev.meridian.bundles.manifest.Manifest;
import dev.meridian.bundles.manifest.ManifestFeed;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
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
public final class CertificateOrders implements ManifestFeed.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateOrders.class);

  private final RenewalScheduler scheduler;
  private final Executor issuing;
  private final NameUse use = new NameUse();

  /** @param issuing where new hostnames are ordered, off the feed's thread (an order takes seconds) */
  public CertificateOrders(RenewalScheduler scheduler, Executor issuing) {
    this.scheduler = scheduler;
    this.issuing = issuing;
  }

  static Set<String> hostnames(Manifest manifest) {
    Set<String> names = new TreeSet<>();
    for (String route : manifest.routes()) {
      RoutePattern pattern = RoutePattern.parse(route);
      names.add((pattern.subdomains() ? "*." : "") + pattern.host());
    }
    return names;
  }

  static CertificateRequest request(String hostname) {
    return CertificateRequest.of(hostname.startsWith("*.") ? ChallengeType.DNS_01 : ChallengeType.HTTP_01, hostname);
  }

  @Override
  public synchronized void onManifest(Manifest manifest) {
    apply(use.update(manifest.deploymentId(), hostnames(manifest)));
  }

  @Override
  public synchronized void onDelete(String deploymentId) {
    apply(use.remove(deploymentId));
  }

  @Override
  public void onReplayed() {}

  private void apply(NameUse.Change change) {
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
