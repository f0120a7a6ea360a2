/**
 * The Assigner: from the previous assignment, the healthy tasks and the measured load, compute the
 * next assignment with the Slicer paper's weighted-move algorithm ({@link
 * dev.meridian.slicer.assigner.Assigner}, tuned by one {@link
 * dev.meridian.slicer.assigner.AssignerConfig}). Load arrives as a {@link
 * dev.meridian.slicer.assigner.LoadMap}: {@link dev.meridian.slicer.assigner.ReportedLoads} folds
 * Slicelets' {@link dev.meridian.slicer.LoadReport}s into one, rejecting reports from
 * unknown tasks. {@link dev.meridian.slicer.assigner.AssignerService} runs rounds as the elected
 * leader of a job over an {@link dev.meridian.slicer.store.AssignmentStore}. The working state of a
 * round ({@code Plan}) is package-private.
 */
@NullMarked
package dev.meridian.slicer.assigner;

import org.jspecify.annotations.NullMarked;
