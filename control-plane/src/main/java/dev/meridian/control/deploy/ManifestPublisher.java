package dev.meridian.control.deploy;

import dev.meridian.bundles.manifest.Manifest;
import dev.meridian.bundles.manifest.ManifestFeed;
import dev.meridian.bundles.manifest.Release;
import dev.meridian.control.store.Deployments.Deployment;
import dev.meridian.control.store.Deployments.ReleaseRow;
import dev.meridian.control.store.Secrets;
import dev.meridian.control.store.Workers;
import dev.meridian.control.store.Workers.Version;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the manifest of a deployment: every release's bundle hash, the routes of the versions
 * released (their union, so a gradual rollout between versions with different routes serves both),
 * and the worker's secrets as sealed in the database (PoPs open them with the same key).
 */
public final class ManifestPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(ManifestPublisher.class);

  private final ManifestFeed feed;
  private final Workers workers;
  private final Secrets secrets;

  public ManifestPublisher(ManifestFeed feed, Workers workers, Secrets secrets) {
    this.feed = feed;
    this.workers = workers;
    this.secrets = secrets;
  }

  /** Builds the manifest of {@code deployment} and publishes it; returns it. */
  public Manifest publish(Deployment deployment) {
    Manifest manifest = manifestOf(deployment);
    feed.publish(manifest);
    LOG.info("event=manifest_published deployment={} revision={} releases={}", manifest.deploymentId(),
        manifest.revision(), manifest.releases().size());
    return manifest;
  }

  /** The manifest PoPs get for {@code deployment}. */
  public Manifest manifestOf(Deployment deployment) {
    List<Release> releases = new ArrayList<>();
    Set<String> routes = new LinkedHashSet<>();
    for (ReleaseRow r : deployment.releases()) {
      Version v = workers.version(deployment.tenant(), deployment.worker(), r.version());
      if (v == null) {
        throw new IllegalStateException("deployment " + deployment.tenant() + "/" + deployment.worker()
            + " names version " + r.version() + ", which is gone");
      }
      releases.add(new Release(v.id(), v.bundle(), r.percent()));
      routes.addAll(workers.routes(v.id()));
    }
    return new Manifest(deployment.tenant(), deployment.worker(), deployment.revision(),
        List.copyOf(routes), releases, secrets.sealed(deployment.tenant(), deployment.worker()), deployment.pinned());
  }

  /** Removes a deleted worker's manifest, so PoPs stop serving it. */
  public void withdraw(String tenant, String worker) {
    feed.delete(Manifest.deploymentId(tenant, worker));
    LOG.info("event=manifest_withdrawn deployment={}", Manifest.deploymentId(tenant, worker));
  }
}
