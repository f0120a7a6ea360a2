/**
 * The PoP side of bundle distribution: {@link dev.meridian.bundles.fetch.BundleFetcher} gets a
 * bundle the first time a request needs it (one download however many requests wait, bytes
 * verified against the hash), {@link dev.meridian.bundles.fetch.DiskBundleCache} keeps verified
 * bundles on local disk so a restarted PoP serves without the control plane, and {@link
 * dev.meridian.bundles.fetch.HttpBundleSource} downloads from the control plane's registry.
 */
@NullMarked
package dev.meridian.bundles.fetch;

import org.jspecify.annotations.NullMarked;
