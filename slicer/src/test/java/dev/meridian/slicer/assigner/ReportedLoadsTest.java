package dev.meridian.slicer.assigner;

import dev.meridian.slicer.LoadReport;
import dev.meridian.slicer.SliceLoad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.slicer.Slice;
import dev.meridian.slicer.SliceKeys;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportedLoadsTest {

  private static final long HALF = 1L << 62;

  @Test
  void spreadsEachReportOverItsRangeAndAddsReplicas() {
    ReportedLoads loads = new ReportedLoads(Set.of("a", "b"));
    loads.accept(new LoadReport("a", 1, List.of(new SliceLoad(new Slice(0, HALF), 10))));
    loads.accept(new LoadReport("b", 1, List.of(new SliceLoad(new Slice(0, HALF), 6),
        new SliceLoad(new Slice(HALF, SliceKeys.END), 4))));
    LoadMap map = loads.build();
    assertEquals(20, map.loadIn(0, SliceKeys.END), 1e-9);
    assertEquals(8, map.loadIn(0, HALF / 2), 1e-9);
    assertEquals(16 + 2, map.loadIn(0, HALF + HALF / 2), 1e-9);
  }

  @Test
  void rejectsAReportFromAnUnknownTask() {
    ReportedLoads loads = new ReportedLoads(Set.of("a"));
    var e = assertThrows(RejectedReportException.class, () -> loads.accept(
        new LoadReport("ghost", 4, List.of(new SliceLoad(Slice.ALL, 1)))));
    assertTrue(e.getMessage().contains("unknown task 'ghost'"), e.getMessage());
    assertEquals(0, loads.build().loadIn(0, SliceKeys.END));
  }

  @Test
  void rejectsBadLoadsAndOverlaps() {
    ReportedLoads loads = new ReportedLoads(Set.of("a"));
    assertThrows(RejectedReportException.class, () -> loads.accept(
        new LoadReport("a", 1, List.of(new SliceLoad(Slice.ALL, Double.NaN)))));
    assertThrows(RejectedReportException.class, () -> loads.accept(
        new LoadReport("a", 1, List.of(new SliceLoad(Slice.ALL, -1)))));
    var e = assertThrows(RejectedReportException.class, () -> loads.accept(
        new LoadReport("a", 1, List.of(new SliceLoad(new Slice(0, 10), 1),
            new SliceLoad(new Slice(5, 20), 1)))));
    assertTrue(e.getMessage().contains("overlapping"), e.getMessage());
  }
}
