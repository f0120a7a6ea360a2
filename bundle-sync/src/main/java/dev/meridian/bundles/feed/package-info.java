/**
 * Replicated feeds of the latest value per key: {@link dev.meridian.bundles.feed.KeyedFeed}. A
 * subscriber first gets the current state (one value per live key), then {@code onReplayed}, then
 * every change as it happens. {@link dev.meridian.bundles.feed.PulsarKeyedFeed} rides a compacted
 * Pulsar topic (many PoPs, a control plane); {@link dev.meridian.bundles.feed.FileKeyedFeed} is
 * the same contract inside one process, persisted in a directory (the all-in-one server).
 */
@NullMarked
package dev.meridian.bundles.feed;

import org.jspecify.annotations.NullMarked;
