package dev.meridian.pop.api.timers;

import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.HostOp;
import dev.meridian.pop.api.OpContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * setTimeout, setInterval and their clear functions (HTML's timer initialisation steps), plus {@code
 * internals.timers} for other extensions. A timer is a promise the host settles on the isolate's
 * loop: {@code true} when it fires, {@code false} when it is cleared.
 */
public final class TimersExtension implements Extension {

  /** The live timers of one isolate, by the id JavaScript gave them. */
  private static final class Live {
    final Map<Double, Pending> timers = new HashMap<>();
  }

  private record Pending(OpContext.Cancellable timer, CompletableFuture<Boolean> fired) {}

  @Override
  public String name() {
    return "timers";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_timers.js");
  }

  @Override
  public List<HostOp> ops() {
    return List.of(
        new HostOp("op_timer_start", args -> {
          double id = ((Number) args[0]).doubleValue();
          long delay = Math.max(0, ((Number) args[1]).longValue());
          OpContext context = OpContext.current();
          Live live = context.local(Live.class, Live::new);
          CompletableFuture<Boolean> fired = new CompletableFuture<>();
          OpContext.Cancellable timer = context.schedule(delay, () -> {
            live.timers.remove(id);
            fired.complete(Boolean.TRUE);
          });
          live.timers.put(id, new Pending(timer, fired));
          return fired;
        }),
        new HostOp("op_timer_cancel", args -> {
          double id = ((Number) args[0]).doubleValue();
          Pending pending = OpContext.current().local(Live.class, Live::new).timers.remove(id);
          if (pending != null) {
            pending.timer().cancel();
            pending.fired().complete(Boolean.FALSE);
          }
          return null;
        }));
  }
}
