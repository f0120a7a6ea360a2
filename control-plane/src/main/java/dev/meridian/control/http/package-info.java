/**
 * The HTTP layer of the control plane: the Netty pipeline ({@link dev.meridian.control.http.ApiServer}),
 * one small handler per protocol step, a {@link dev.meridian.control.http.Router} of routes that each
 * declare their scope and body type, and the JSON error shape every failure takes.
 */
@NullMarked
package dev.meridian.control.http;

import org.jspecify.annotations.NullMarked;
