/**
 * The control plane: the tenants' HTTP API, the bundle registry and deployments.
 * {@link dev.meridian.control.ControlPlane#start} wires the store, the auth, the routes and the
 * server from one {@link dev.meridian.control.ControlPlane.Config}.
 */
@NullMarked
package dev.meridian.control;

import org.jspecify.annotations.NullMarked;
