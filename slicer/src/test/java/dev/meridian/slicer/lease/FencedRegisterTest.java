package dev.meridian.slicer.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FencedRegisterTest {

  @Test
  void refusesALowerTokenOnceAHigherOneWrote() {
    FencedRegister<String> register = new FencedRegister<>();
    List<String> accepted = new ArrayList<>();
    register.write("room", 3, "old owner", (k, v) -> accepted.add(v));
    register.write("room", 3, "old owner again", (k, v) -> accepted.add(v));
    register.write("room", 7, "new owner", (k, v) -> accepted.add(v));
    var e = assertThrows(FencingException.class,
        () -> register.write("room", 3, "late write", (k, v) -> accepted.add(v)));
    assertTrue(e.getMessage().contains("token 7 already wrote"), e.getMessage());
    assertEquals(List.of("old owner", "old owner again", "new owner"), accepted);
    assertEquals(7, register.highestToken("room"));
    register.write("other", 1, "x", (k, v) -> accepted.add(v));
    assertEquals(1, register.highestToken("other"));
  }
}
