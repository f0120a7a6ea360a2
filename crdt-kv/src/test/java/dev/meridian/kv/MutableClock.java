package dev.meridian.kv;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A wall clock tests move by hand. */
final class MutableClock implements InstantSource {

  private final AtomicLong millis;

  MutableClock(long startMillis) {
    millis = new AtomicLong(startMillis);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  void advanceSeconds(long s) {
    millis.addAndGet(s * 1000);
  }
}
