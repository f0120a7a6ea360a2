package dev.meridian.slicer.store;

/** A participant in a job's leader election; closing it leaves the election. */
public interface Leadership extends AutoCloseable {

  /** True while this participant is the leader. */
  boolean isLeader();

  @Override
  void close();
}
