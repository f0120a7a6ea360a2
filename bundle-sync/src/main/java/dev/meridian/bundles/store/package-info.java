/**
 * The registry: where the control plane keeps uploaded bundles, content-addressed by SHA-256.
 * {@link dev.meridian.bundles.store.BundleStore} is the interface an object store could implement;
 * {@link dev.meridian.bundles.store.FileBundleStore} keeps them as files on local disk.
 */
@NullMarked
package dev.meridian.bundles.store;

import org.jspecify.annotations.NullMarked;
