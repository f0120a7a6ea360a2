/**
 * The region's consistent store, behind the small {@link dev.meridian.slicer.store.SlicerStore}
 * interface: the assignment (written by compare-and-set on its version), one record per task
 * (renewals, acknowledged generation, load), and leader election. {@link
 * dev.meridian.slicer.store.ZooKeeperStore} implements it over Apache ZooKeeper with Curator;
 * {@link dev.meridian.slicer.store.LocalZooKeeper} is the in-process server of a single-node
 * region. {@link dev.meridian.slicer.store.AssignmentWatcher} follows the stored assignment for
 * Slicelets and Clerks and keeps the last good one when the store is down or its data is corrupt.
 */
@NullMarked
package dev.meridian.slicer.store;

import org.jspecify.annotations.NullMarked;
