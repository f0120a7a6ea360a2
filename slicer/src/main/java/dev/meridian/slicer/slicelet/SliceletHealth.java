package dev.meridian.slicer.slicelet;

import dev.meridian.slicer.store.AssignmentHealth;

/**
 * A Slicelet's view of itself.
 *
 * @param assignment the assignment it serves by and whether that is current
 * @param leaseValid whether its lease is valid now (strong mode serves only then)
 * @param revoked true once the Assigner revoked this task: it serves nothing and must rejoin under
 *     a new id
 */
public record SliceletHealth(AssignmentHealth assignment, boolean leaseValid, boolean revoked) {}
