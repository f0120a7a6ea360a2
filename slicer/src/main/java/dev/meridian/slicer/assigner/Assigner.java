package dev.meridian.slicer.assigner;

import dev.meridian.slicer.Assignment;
import java.util.Collection;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/*
 * Design of the Assigner
 * ======================
 *
 * What it computes
 * ----------------
 * An assignment maps every slice key (a 63-bit hash of an application key) to the task(s) that
 * serve it. Each round starts from the previous assignment, the healthy tasks and the measured
 * load, and produces the next one. Rounds are pure functions of those inputs: the leader election,
 * the store and the timing live in AssignerService, so that this class can be tested exhaustively
 * and run in the simulator exactly as in production.
 *
 * The weighted-move algorithm
 * ---------------------------
 * This is the algorithm of Slicer [1], section 4.4, in five phases per round:
 *
 *  1. Health. Slices of tasks that left get the coldest tasks; replica counts are brought into
 *     [minReplicas, maxReplicas]. This churn is forced, so no budget limits it.
 *  2. Merge. While there are more than mergeAboveSlicesPerTask slices per task, adjacent slices
 *     whose combined load stays under the mean slice load merge, if the task that receives the
 *     merged slice stays under the current maximum task load, spending at most mergeChurnBudget
 *     (1%) of the keyspace. Merging keeps the assignment small enough to ship to every Clerk.
 *  3. Move. Repeatedly take the hottest task and, over its slices, pick the action with the
 *     greatest reduction of the pair maximum (hottest vs. receiving task) per unit of churn:
 *     move the slice to the coldest task, add a replica there (replicas share a slice's load), or
 *     drop this task's replica. A slice whose share per replica alone exceeds the tolerated
 *     maximum first gets enough replicas to bring its share to half the mean task load (one
 *     greedy replica at a time cannot get there: the first would make its new task the hottest).
 *     Stop when the churn budget (9% of the keyspace, including merges)
 *     is spent, when no action lowers the hottest task, or when it is within imbalanceTolerance
 *     of the mean. Dividing by churn prefers narrow hot slices: moving a hot key's slice costs
 *     almost no keyspace, moving a wide cold range costs cache warmth for little gain.
 *  4. Split. While there are fewer than splitBelowSlicesPerTask slices per task, a slice above
 *     splitFactor times the mean slice load is cut in equal key ranges, so that the next round
 *     has finer units to move. Splits come last: the halves keep their tasks (no churn) and the
 *     next round measures their real loads. Where [1] halves a slice, we cut it in up to
 *     maxSplitWays pieces, sized by how far it is over the mean, so a hot key is isolated in
 *     fewer rounds.
 *  5. Skip. If the hottest task is under minUtilization of its capacity, phases 2 and 3 are
 *     skipped: balancing an idle job only costs churn [1].
 *
 * Invariants, and how they are kept
 * ---------------------------------
 * Every slice key is covered exactly once: phases only merge neighbours, split in place or change
 * holders, and Assignment.of rejects any output with a gap or an overlap. The maximum task load
 * never rises within a round: merges check the receiving tasks against it and each action must
 * lower the pair maximum, so imbalance on a fixed load is non-increasing round after round.
 * Discretionary churn never exceeds churnBudget: an action is considered only if its width fits
 * the remaining budget.
 *
 * Cost
 * ----
 * A round is O(S log T) to load S slices over T tasks (tasks in a tree ordered by load), plus
 * O(k * s) for k actions examining the s slices of the hottest task. The simulator reports the
 * compute time; with 10,000 tasks and a million keys it is well under a second.
 *
 * Strong mode
 * -----------
 * In strong mode each slice has one owner and a fencing token: the generation at which the owner
 * was granted it. A slice that changes owner here gets the new generation as its token. Whether
 * the old owner has let go (recall acknowledged, or its lease revoked and expired) is not known
 * here; StrongHandover rewrites the round's output so that no slice is granted before that.
 *
 * References
 * ----------
 * [1] A. Adya, D. Myers, J. Howell, J. Elson, C. Meek, V. Khemani, S. Fulger, P. Gu,
 *     L. Bhuvanagiri, J. Hunter, R. Peon, L. Kai, A. Shraer, A. Merchant, K. Lev-Ari.
 *     "Slicer: Auto-Sharding for Datacenter Applications". OSDI 2016.
 *     https://www.usenix.org/conference/osdi16/technical-sessions/presentation/adya
 * [2] M. Kleppmann. "How to do distributed locking" (fencing tokens), 2016.
 *     https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html
 */

/**
 * Computes a job's next assignment from the previous one, the healthy tasks and their load, with
 * the weighted-move algorithm of the Slicer paper. Stateless between rounds and deterministic for
 * given inputs; one instance may serve many rounds.
 */
public final class Assigner {

  private final AssignerConfig config;
  private final LongSupplier nanoTicker;

  public Assigner(AssignerConfig config) {
    this(config, System::nanoTime);
  }

  /** With an injected ticker, read only to report the compute time. */
  public Assigner(AssignerConfig config, LongSupplier nanoTicker) {
    this.config = config;
    this.nanoTicker = nanoTicker;
  }

  public AssignerConfig config() {
    return config;
  }

  /**
   * Computes the next assignment.
   *
   * @param previous the assignment in force, or null for the job's first
   * @param tasks the healthy tasks; at least one
   * @param loads the measured load over the keyspace
   * @throws IllegalArgumentException if there is no healthy task or a task is listed twice: keep
   *     the previous assignment
   */
  public Round next(@Nullable Assignment previous, Collection<TaskInfo> tasks, LoadMap loads) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException(
          "no healthy task to assign slices to; the previous assignment stays in force");
    }
    long started = nanoTicker.getAsLong();
    long generation = previous == null ? 1 : previous.generation() + 1;
    Plan plan = new Plan(config, generation, tasks, loads);
    if (previous == null) {
      plan.initial();
    } else {
      plan.load(previous);
    }
    plan.fixHealthAndReplicas();
    boolean skipped = plan.idle();
    if (!skipped) {
      plan.merge();
      plan.replicateHot();
      plan.move();
    }
    Assignment next = Assignment.of(generation, config.mode(), plan.emit());
    long nanos = nanoTicker.getAsLong() - started;
    RoundStats stats = new RoundStats(generation, next.entries().size(), plan.taskCount(),
        plan.maxTaskLoad(), plan.meanTaskLoad(), plan.churn, plan.mandatoryChurn, plan.moves,
        plan.replications, plan.dereplications, plan.merges, plan.splits, skipped, nanos);
    return new Round(next, stats);
  }
}
