package dev.meridian.slicer.store;

/** A value read from the store with the version to compare-and-set against. */
public record Versioned<T>(T value, int version) {}
