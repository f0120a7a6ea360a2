package dev.meridian.slicer;


/**
 * The load a task measured on one slice (request counts or custom weights, decayed over the
 * report window).
 */
public record SliceLoad(Slice slice, double load) {}
