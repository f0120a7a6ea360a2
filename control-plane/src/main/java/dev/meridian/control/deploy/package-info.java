/**
 * From the control plane's tables to what PoPs serve: {@link dev.meridian.control.deploy.ManifestPublisher}
 * turns a worker's deployment, its versions' bundles and routes, and its sealed secrets into a
 * {@code Manifest} on the manifest feed.
 */
@NullMarked
package dev.meridian.control.deploy;

import org.jspecify.annotations.NullMarked;
