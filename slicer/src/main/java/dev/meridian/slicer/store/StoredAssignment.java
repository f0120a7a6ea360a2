package dev.meridian.slicer.store;

import dev.meridian.slicer.Assignment;
import org.jspecify.annotations.Nullable;

/**
 * What the store holds for a job's assignment.
 *
 * @param assignment the decoded assignment, or null when there is none or it is corrupt
 * @param corruption why the stored bytes were rejected, or null
 * @param version the store's version of the node, for compare-and-set; {@link #ABSENT} when
 *     nothing is stored
 * @param stamp a store-wide counter value at the node's last change, strictly increasing across
 *     all writes to the store (ZooKeeper's mzxid, etcd's mod_revision); 0 when absent. A new
 *     Assigner that cannot read the stored generation starts above it.
 */
public record StoredAssignment(
    @Nullable Assignment assignment, @Nullable String corruption, int version, long stamp) {

  public static final int ABSENT = -1;
}
