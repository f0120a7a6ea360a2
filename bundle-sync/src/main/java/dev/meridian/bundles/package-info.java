/**
 * The unit a tenant deploys: a {@link dev.meridian.bundles.Bundle} (the immutable files of one
 * worker version plus its {@link dev.meridian.bundles.WorkerMetadata}), encoded as a deterministic
 * ZIP and named by the SHA-256 of those bytes. {@link dev.meridian.bundles.RoutePattern} is the
 * wrangler route syntax the metadata and manifests use; {@link dev.meridian.bundles.BundleSource}
 * is anything a PoP can download a bundle from.
 *
 * <p>Sub-packages: {@code store} (the registry), {@code manifest} (what serves where), {@code feed}
 * (replicated latest-value-per-key feeds), {@code fetch} (the PoP side: disk cache and single-flight
 * fetcher), {@code tail} (live logs) and {@code secrets} (sealing secrets at rest). The module README
 * gives the whole contract.
 */
@NullMarked
package dev.meridian.bundles;

import org.jspecify.annotations.NullMarked;
