/**
 * Secrets at rest: {@link dev.meridian.bundles.secrets.Sealer} encrypts a secret's value with a
 * key file the control plane and the PoPs share, so the database and the manifests only ever hold
 * sealed values.
 */
@NullMarked
package dev.meridian.bundles.secrets;

import org.jspecify.annotations.NullMarked;
