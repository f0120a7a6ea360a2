package dev.meridian.slicer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssignmentCodecTest {

  private final Assignment strong = Assignment.of(9, AssignmentMode.STRONG, List.of(
      new SliceAssignment(new Slice(0, 1000), List.of("pop-a#1"), 3, false),
      new SliceAssignment(new Slice(1000, SliceKeys.END), List.of("pop-b#1"), 9, true)));

  @Test
  void roundTrips() {
    assertEquals(strong, AssignmentCodec.decode(AssignmentCodec.encode(strong)));
    Assignment affinity = Assignment.of(2, AssignmentMode.AFFINITY,
        Assignment.evenSlices(500, i -> List.of("t" + (i % 7), "t" + ((i + 1) % 7))));
    assertEquals(affinity, AssignmentCodec.decode(AssignmentCodec.encode(affinity)));
  }

  @Test
  void rejectsAFlippedByte() {
    byte[] bytes = AssignmentCodec.encode(strong);
    bytes[bytes.length / 2] ^= 0x10;
    var e = assertThrows(CorruptAssignmentException.class, () -> AssignmentCodec.decode(bytes));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void rejectsAStoredAssignmentWithAGapOrAnOverlap() {
    byte[] gap = AssignmentCodec.encode(4, AssignmentMode.AFFINITY, List.of(
        SliceAssignment.of(new Slice(0, 1000), List.of("a")),
        SliceAssignment.of(new Slice(2000, SliceKeys.END), List.of("b"))));
    var e = assertThrows(InvalidAssignmentException.class, () -> AssignmentCodec.decode(gap));
    assertTrue(e.getMessage().startsWith("gap in the keyspace at 1000"), e.getMessage());
    byte[] overlap = AssignmentCodec.encode(4, AssignmentMode.AFFINITY, List.of(
        SliceAssignment.of(new Slice(0, 3000), List.of("a")),
        SliceAssignment.of(new Slice(2000, SliceKeys.END), List.of("b"))));
    e = assertThrows(InvalidAssignmentException.class, () -> AssignmentCodec.decode(overlap));
    assertTrue(e.getMessage().startsWith("overlap in the keyspace at 3000"), e.getMessage());
  }

  @Test
  void rejectsTruncationAndForeignBytes() {
    byte[] bytes = AssignmentCodec.encode(strong);
    assertThrows(CorruptAssignmentException.class,
        () -> AssignmentCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)));
    assertThrows(CorruptAssignmentException.class,
        () -> AssignmentCodec.decode(Arrays.copyOf(bytes, 5)));
    var e = assertThrows(CorruptAssignmentException.class,
        () -> AssignmentCodec.decode("{\"generation\":1}".getBytes()));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
  }
}
