package dev.meridian.kv.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridClockTest {

  @Test
  void issuesStrictlyIncreasingStampsWhenTheWallClockStandsStillOrGoesBack() {
    AtomicLong wall = new AtomicLong(100);
    HybridClock clock = new HybridClock(7, wall::get);
    Hlc a = clock.now();
    Hlc b = clock.now();
    wall.set(50);
    Hlc c = clock.now();
    assertTrue(b.isAfter(a) && c.isAfter(b), a + " " + b + " " + c);
    assertEquals(new Hlc(100, 2, 7), c);
  }

  @Test
  void aStampIssuedAfterObservingARemoteOneIsAboveIt() {
    AtomicLong wall = new AtomicLong(100);
    HybridClock slow = new HybridClock(1, wall::get);
    Hlc remote = new Hlc(5_000, 3, 2);
    slow.observe(remote);
    Hlc next = slow.now();
    assertTrue(next.isAfter(remote), next + " after " + remote);
    assertEquals(5_000, next.physical());
  }

  @Test
  void theNodeIdBreaksTies() {
    assertTrue(new Hlc(1, 0, 2).isAfter(new Hlc(1, 0, 1)));
    assertEquals(new Hlc(9, 1, 3), Hlc.fromBytes(new Hlc(9, 1, 3).toBytes()));
  }

  @Test
  void keysAreOrderedByCodePointLikeUtf8Bytes() {
    String bmpHigh = "\uE000";
    String supplementary = new String(Character.toChars(0x1F600));
    assertTrue(LwwMap.KEY_ORDER.compare(bmpHigh, supplementary) < 0);
    assertTrue(bmpHigh.compareTo(supplementary) > 0, "String.compareTo differs, which is why KEY_ORDER exists");
    assertTrue(LwwMap.KEY_ORDER.compare("a", "ab") < 0);
  }

  @Test
  void purgedTombstonesStayDeadWhenAnOldPutIsRedelivered() {
    LwwMap m = new LwwMap();
    LwwMap oldPut = m.put("k", new byte[] {1}, new Hlc(10, 0, 1));
    m.remove("k", new Hlc(20, 0, 2));
    assertEquals(1, m.purgeTombstones(new Hlc(30, 0, 0)));
    m.join(oldPut);
    assertEquals(0, m.size());
    m.put("k", new byte[] {2}, new Hlc(31, 0, 1));
    assertEquals(1, m.size());
  }
}
