package dev.meridian.pop.isolate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.meridian.pop.io.CpuBudget;
import dev.meridian.pop.io.EventLoop;
import dev.meridian.pop.io.WorkerExchange;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/*
 * The isolate pool.
 *
 * Placement. A deployment version gets at most one isolate per event loop. Its first isolate goes on
 * a "home" loop chosen by hashing the version, so that distinct deployments spread over the loops.
 * A request goes to the deployment's isolate with the fewest requests in flight; when even that one
 * has SPREAD_AT or more, and a loop has no isolate of the deployment yet, a new isolate is started
 * there. One busy deployment thus uses every core, while a thousand idle ones cost one isolate each.
 *
 * Eviction. The pool is a Caffeine cache bounded by the number of isolates. Caffeine's W-TinyLFU
 * policy [1] keeps the isolates that are used often and recently and evicts the coldest. An evicted
 * isolate is closed on its own loop once its requests in flight are done; a request never loses its
 * isolate under it.
 *
 * Failure. An isolate that dies (CPU or heap limit) leaves its slot empty; the next request for the
 * deployment restores a fresh isolate from the snapshot. A version whose modules fail to load is
 * answered from the remembered error for LOAD_ERROR_TTL, so a broken deployment costs one compile,
 * not one per request.
 *
 * [1] G. Einziger, R. Friedman, B. Manes. TinyLFU: A Highly Efficient Cache Admission Policy.
 *     ACM Transactions on Storage, 2017.
 */
final class IsolatePool {

  /** In-flight requests on a deployment's least busy isolate before another loop gets one. */
  static final int SPREAD_AT = 4;

  /** Starts, on a loop, the isolate of a slot; returns null and answers the exchange on failure. */
  interface Starter {
    @Nullable Isolate start(WorkerDefinition worker, EventLoop loop, Isolate.Listener listener, WorkerExchange exchange);
  }

  private record Key(String version, int loop) {}

  /** A place for one deployment's isolate on one loop; the isolate itself lives and dies on that loop. */
  private final class Slot implements Isolate.Listener {
    final WorkerDefinition worker;
    final EventLoop loop;
    final AtomicInteger inFlight = new AtomicInteger();
    @Nullable Isolate isolate; // touched only on loop
    boolean retired; // touched only on loop

    Slot(WorkerDefinition worker, EventLoop loop) {
      this.worker = worker;
      this.loop = loop;
    }

    /** On the loop: runs the request on this slot's isolate, starting one if needed. */
    void serve(WorkerExchange exchange, CpuBudget budget) {
      Isolate target = isolate;
      if (target == null || target.isDead()) {
        target = starter.start(worker, loop, this, exchange);
        if (target == null) {
          inFlight.decrementAndGet();
          return;
        }
        isolate = target;
      }
      target.dispatch(exchange, budget);
    }

    @Override
    public void requestDone(Isolate from) {
      if (inFlight.decrementAndGet() == 0 && retired && isolate != null) {
        isolate.close();
        isolate = null;
      }
    }

    @Override
    public void died(Isolate from) {
      if (isolate == from) {
        isolate = null;
      }
    }

    /** On the loop: closes the isolate now if idle, else once its last request is done. */
    void retire() {
      retired = true;
      if (inFlight.get() == 0 && isolate != null) {
        isolate.close();
        isolate = null;
      }
    }
  }

  private final List<EventLoop> loops;
  private final Starter starter;
  private final Cache<Key, Slot> slots;

  IsolatePool(List<EventLoop> loops, int maxIsolates, Starter starter) {
    if (maxIsolates < 1) {
      throw new IllegalArgumentException("the isolate pool needs room for at least one isolate, was " + maxIsolates);
    }
    this.loops = List.copyOf(loops);
    this.starter = starter;
    this.slots = Caffeine.newBuilder()
        .maximumSize(maxIsolates)
        .executor(Runnable::run)
        .removalListener((Key key, Slot slot, RemovalCause cause) -> {
          if (slot != null) {
            slot.loop.execute(slot::retire);
          }
        })
        .build();
  }

  /** Picks an isolate for {@code exchange} and hands the request to its loop. */
  void dispatch(WorkerDefinition worker, WorkerExchange exchange, CpuBudget budget) {
    Slot slot = pick(worker);
    slot.loop.execute(budget, () -> slot.serve(exchange, budget));
  }

  private Slot pick(WorkerDefinition worker) {
    String version = worker.key();
    int home = Math.floorMod(version.hashCode(), loops.size());
    Slot best = null;
    int free = -1;
    for (int i = 0; i < loops.size(); i++) {
      int index = (home + i) % loops.size();
      Slot slot = slots.getIfPresent(new Key(version, index));
      if (slot == null) {
        if (free < 0) {
          free = index;
        }
      } else if (best == null || slot.inFlight.get() < best.inFlight.get()) {
        best = slot;
      }
    }
    if (best == null || (best.inFlight.get() >= SPREAD_AT && free >= 0)) {
      int index = free;
      best = slots.get(new Key(version, index), key -> new Slot(worker, loops.get(key.loop())));
    }
    best.inFlight.incrementAndGet();
    return best;
  }

  /** Closes every isolate of the named worker, whatever its version (a redeploy or a dev reload). */
  void retire(String workerName) {
    slots.asMap().keySet().removeIf(key -> key.version().startsWith(workerName + "@"));
  }

  long size() {
    return slots.estimatedSize();
  }

  void close() {
    slots.invalidateAll();
  }
}
