package dev.meridian.bundles.manifest;

import dev.meridian.bundles.feed.KeyedFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Manifest}s over a {@link KeyedFeed}, keyed by {@link Manifest#deploymentId()}. The
 * control plane publishes; PoPs subscribe. A message that does not decode, or whose key is not its
 * manifest's deployment, is logged and skipped: one bad message never stops a PoP from hearing the
 * next deploy. The feed is borrowed, not owned: closing it is the caller's job.
 */
public final class ManifestFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ManifestFeed.class);

  private final KeyedFeed feed;

  public ManifestFeed(KeyedFeed feed) {
    this.feed = feed;
  }

  /** Publishes {@code manifest} as its deployment's current state. */
  public void publish(Manifest manifest) {
    feed.publish(manifest.deploymentId(), manifest.toJson());
  }

  /** Removes a deployment: PoPs drop its routes. */
  public void delete(String deploymentId) {
    feed.delete(deploymentId);
  }

  /** Delivers the current manifests, then {@link Listener#onReplayed()}, then every change. */
  public KeyedFeed.Subscription subscribe(Listener listener) {
    return feed.subscribe(new KeyedFeed.Listener() {
      @Override
      public void onUpdate(String key, byte[] value) {
        Manifest m;
        try {
          m = Manifest.fromJson(value);
        } catch (ManifestException e) {
          LOG.warn("event=manifest_skipped deployment={} bytes={} error=\"{}\" action=skipped", key, value.length, e.getMessage());
          return;
        }
        if (!m.deploymentId().equals(key)) {
          LOG.warn("event=manifest_skipped deployment={} error=\"published under another deployment's key ({})\" action=skipped",
              key, m.deploymentId());
          return;
        }
        listener.onManifest(m);
      }

      @Override
      public void onDelete(String key) {
        listener.onDelete(key);
      }

      @Override
      public void onReplayed() {
        listener.onReplayed();
      }
    });
  }

  /** Receives manifests, one call at a time (see {@link KeyedFeed.Listener}). */
  public interface Listener {

    void onManifest(Manifest manifest);

    void onDelete(String deploymentId);

    /** The manifests current at subscribe time have all been delivered: the route table is complete. */
    void onReplayed();
  }
}
