/**
 * Live logs of a deployment ({@code meridian tail}): PoPs publish each console line and request as
 * a JSON event; the control plane subscribes while a user tails. {@link
 * dev.meridian.bundles.tail.PulsarLogTail} uses non-persistent topics (nothing is kept or even
 * sent when nobody tails); {@link dev.meridian.bundles.tail.LocalLogTail} stays in one process.
 */
@NullMarked
package dev.meridian.bundles.tail;

import org.jspecify.annotations.NullMarked;
