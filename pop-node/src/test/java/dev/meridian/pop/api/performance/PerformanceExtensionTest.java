package dev.meridian.pop.api.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.api.HostOp;
import dev.meridian.pop.api.OpContext;
import dev.meridian.pop.api.OpContexts;
import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.server.TestNode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The clock ops on injected clocks, and performance in a worker. */
class PerformanceExtensionTest {

  /** An isolate's state as the ops see it, without an isolate. */
  static final class FakeContext implements OpContext {
    final Map<Class<?>, Object> locals = new HashMap<>();

    @Override
    public String deployment() {
      return "test";
    }

    @Override
    public @Nullable String requestId() {
      return null;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void log(String level, String message) {}

    @Override
    public <T> T local(Class<T> type, Supplier<T> init) {
      return type.cast(locals.computeIfAbsent(type, k -> init.get()));
    }

    @Override
    public <T> T requestLocal(Class<T> type, Supplier<T> init) {
      throw new UnsupportedOperationException();
    }

    @Override
    public WorkerLimits limits() {
      return WorkerLimits.DEFAULTS;
    }
  }

  private static Object call(PerformanceExtension extension, String name, OpContext context) throws Exception {
    HostOp op = extension.ops().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    OpContext previous = OpContexts.enter(context);
    try {
      return op.function().call(0);
    } finally {
      OpContexts.enter(previous);
    }
  }

  @Test
  void timesCountFromEachIsolatesOriginOnTheMonotonicClockCoarsened() throws Exception {
    AtomicLong nanos = new AtomicLong(5_000_000_000L);
    AtomicLong wall = new AtomicLong(1_700_000_000_000L);
    PerformanceExtension extension = new PerformanceExtension(nanos::get, wall::get, 100);
    FakeContext first = new FakeContext();

    assertEquals(0.0, call(extension, "op_performance_now", first));
    assertEquals(1_700_000_000_000.0, call(extension, "op_performance_time_origin", first));
    nanos.addAndGet(1_234_567); // 1.234567 ms, shown as 1.2 ms at 100 µs
    wall.addAndGet(-60_000); // the wall clock stepping back changes nothing
    assertEquals(1.2, call(extension, "op_performance_now", first));
    assertEquals(1_700_000_000_000.0, call(extension, "op_performance_time_origin", first));

    FakeContext second = new FakeContext();
    assertEquals(0.0, call(extension, "op_performance_now", second));
    assertEquals(1_699_999_940_000.0, call(extension, "op_performance_time_origin", second));
  }

  @Test
  void performanceInAWorkerIsMonotonicAndAgreesWithTheWallClock() throws Exception {
    TestNode node = SharedNode.get();
    node.deploy("perf", """
        export default {
          async fetch() {
            const a = performance.now();
            await new Promise((resolve) => setTimeout(resolve, 5));
            const b = performance.now();
            const skew = Math.abs(performance.timeOrigin + b - Date.now());
            let constructed = "";
            try { new Performance(); } catch (e) { constructed = e.constructor.name; }
            return new Response([a >= 0, b > a, skew < 1000, performance instanceof EventTarget,
              JSON.stringify(performance) === JSON.stringify({ timeOrigin: performance.timeOrigin }), constructed].join(" "));
          },
        };
        """);
    assertEquals("true true true true true TypeError", node.get("/perf/").body());
  }

  @Test
  void aResolutionBelowOneMicrosecondIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PerformanceExtension(System::nanoTime, System::currentTimeMillis, 0));
    assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
  }
}
