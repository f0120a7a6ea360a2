package dev.meridian.kv.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The lattice laws, convergence and the delta laws, stated once and checked for every CRDT type on
 * states produced by random runs of three replicas.
 */
class CrdtLawsTest {

  @Provide
  Arbitrary<Model<?>> models() {
    return Arbitraries.of(Model.LWW, Model.G_COUNTER, Model.PN_COUNTER, Model.OR_SET, Model.MV_REGISTER);
  }

  @Provide
  Arbitrary<List<World.Step>> steps() {
    Arbitrary<World.Step> step = Combinators.combine(
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 8),
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 2))
        .as(World.Step::new);
    return step.list().ofMinSize(0).ofMaxSize(40);
  }

  @Property(tries = 300)
  void joinIsCommutativeAssociativeIdempotent(
      @ForAll("models") Model<?> model, @ForAll("steps") List<World.Step> steps) {
    checkLaws(new World<>(model, 3, steps));
  }

  private static <S> void checkLaws(World<S> w) {
    Model<S> m = w.model;
    S a = w.replicas.get(0);
    S b = w.replicas.get(1);
    S c = w.replicas.get(2);
    assertEquals(join(m, a, b), join(m, b, a), "commutative");
    assertEquals(join(m, join(m, a, b), c), join(m, a, join(m, b, c)), "associative");
    assertEquals(a, join(m, a, a), "idempotent");
  }

  @Property(tries = 300)
  void replicasConvergeUnderAnyDeliveryOrderWithDuplicates(
      @ForAll("models") Model<?> model, @ForAll("steps") List<World.Step> steps, @ForAll long seed) {
    checkConvergence(new World<>(model, 3, steps), new Random(seed));
  }

  private static <S> void checkConvergence(World<S> w, Random random) {
    Model<S> m = w.model;
    S expected = w.joinAll();
    for (int r = 0; r < 3; r++) {
      List<S> delivery = new ArrayList<>(w.deltas);
      for (S d : w.deltas) {
        if (random.nextInt(3) == 0) {
          delivery.add(d);
        }
      }
      Collections.shuffle(delivery, random);
      S replica = m.empty();
      for (S d : delivery) {
        m.join(replica, m.copy(d));
      }
      assertEquals(expected, replica, "replica " + r + " after " + delivery.size() + " deliveries");
    }
  }

  @Property(tries = 300)
  void deltaOfAMutatorIsTheStateDifference(
      @ForAll("models") Model<?> model, @ForAll("steps") List<World.Step> steps) {
    World<?> w = new World<>(model, 3, steps);
    assertEquals(List.of(), w.deltaLawViolations);
    checkDiff(w);
  }

  private static <S> void checkDiff(World<S> w) {
    Model<S> m = w.model;
    for (S a : w.replicas) {
      for (S b : w.replicas) {
        S viaDiff = join(m, a, m.diff(b, a));
        assertEquals(join(m, a, b), viaDiff, "a ⊔ diff(b, a) = a ⊔ b");
      }
    }
  }

  @Property(tries = 200)
  void encodingRoundTrips(@ForAll("models") Model<?> model, @ForAll("steps") List<World.Step> steps) {
    checkRoundTrip(new World<>(model, 3, steps));
  }

  private static <S> void checkRoundTrip(World<S> w) {
    for (S s : w.replicas) {
      assertEquals(s, w.model.decode(w.model.encode(s)));
    }
    for (S d : w.deltas) {
      assertEquals(d, w.model.decode(w.model.encode(d)));
    }
  }

  @Property(tries = 200)
  void corruptedBytesDecodeOrFailWithAnEncodingException(
      @ForAll("models") Model<?> model, @ForAll("steps") List<World.Step> steps, @ForAll long seed) {
    checkCorruption(new World<>(model, 3, steps), new Random(seed));
  }

  private static <S> void checkCorruption(World<S> w, Random random) {
    byte[] bytes = w.model.encode(w.joinAll());
    byte[] bad = bytes.clone();
    int mode = random.nextInt(3);
    if (mode == 0 && bad.length > 2) {
      bad = java.util.Arrays.copyOf(bad, 2 + random.nextInt(bad.length - 2));
    } else {
      int at = 2 + random.nextInt(Math.max(1, bad.length - 2));
      if (at < bad.length) {
        bad[at] ^= (byte) (1 + random.nextInt(255));
      }
    }
    try {
      w.model.decode(bad);
    } catch (EncodingException expected) {
      // Either outcome is fine; any other exception type fails the property.
    }
  }

  @Property(tries = 50)
  void anUnknownVersionIsRejectedClearly(@ForAll("models") Model<?> model) {
    rejectVersion(model);
  }

  private static <S> void rejectVersion(Model<S> m) {
    byte[] b = m.encode(m.empty());
    b[0] = 2;
    UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class, () -> m.decode(b));
    assertEquals(2, e.found());
    assertTrue(e.getMessage().contains("version 2 is not supported"), e.getMessage());
  }

  private static <S> S join(Model<S> m, S a, S b) {
    S r = m.copy(a);
    m.join(r, b);
    return r;
  }
}
