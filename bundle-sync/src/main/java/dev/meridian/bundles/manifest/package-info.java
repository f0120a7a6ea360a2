/**
 * What serves where: a {@link dev.meridian.bundles.manifest.Manifest} says, for one deployment
 * (tenant + worker), which routes it answers and which bundle versions serve them, with their
 * percentage of traffic and the deployment's sealed secrets. The control plane publishes manifests
 * on a {@link dev.meridian.bundles.manifest.ManifestFeed}; every PoP subscribes and rebuilds its
 * route table from them.
 */
@NullMarked
package dev.meridian.bundles.manifest;

import org.jspecify.annotations.NullMarked;
