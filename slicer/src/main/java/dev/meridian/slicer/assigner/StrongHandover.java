package dev.meridian.slicer.assigner;

import dev.meridian.slicer.Assignment;
import dev.meridian.slicer.AssignmentMode;
import dev.meridian.slicer.Slice;
import dev.meridian.slicer.SliceAssignment;
import dev.meridian.slicer.SliceKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Rewrites a strong-mode round's output so that no key is granted to a new owner while its old
 * owner may still serve it (the protocol is on {@link dev.meridian.slicer.lease.Lease}). Over
 * every range where the previous and the desired assignment differ in owner: if the old owner has
 * released the range, the new owner gets it with the new generation as its token; otherwise the
 * old owner keeps it, marked recalled. Ranges whose owner does not change keep their token.
 * The output keeps the desired slice boundaries, cut further only where the outcome differs.
 */
final class StrongHandover {

  private StrongHandover() {}

  /**
   * @param released whether a task has let go of whatever {@code previous} recalled from it (or
   *     of everything, when it was revoked and its lease has expired)
   */
  static Assignment apply(Assignment previous, Assignment desired, Predicate<String> released,
      Predicate<String> revokedAndExpired) {
    if (previous.mode() != AssignmentMode.STRONG) {
      return desired;
    }
    long generation = desired.generation();
    List<SliceAssignment> out = new ArrayList<>();
    List<SliceAssignment> p = previous.entries();
    List<SliceAssignment> d = desired.entries();
    int i = 0;
    int j = 0;
    long at = 0;
    while (i < p.size() && j < d.size()) {
      SliceAssignment was = p.get(i);
      SliceAssignment want = d.get(j);
      long end = SliceKeys.before(was.slice().end(), want.slice().end())
          ? was.slice().end() : want.slice().end();
      String oldOwner = was.owner();
      String newOwner = want.owner();
      SliceAssignment piece;
      if (oldOwner.equals(newOwner)) {
        piece = new SliceAssignment(new Slice(at, end), List.of(oldOwner), was.token(), false);
      } else if (revokedAndExpired.test(oldOwner)
          || (was.recalled() && released.test(oldOwner))) {
        piece = new SliceAssignment(new Slice(at, end), List.of(newOwner), generation, false);
      } else {
        piece = new SliceAssignment(new Slice(at, end), List.of(oldOwner), was.token(), true);
      }
      append(out, piece, at != want.slice().start());
      at = end;
      if (was.slice().end() == end) {
        i++;
      }
      if (want.slice().end() == end) {
        j++;
      }
    }
    return Assignment.of(generation, AssignmentMode.STRONG, out);
  }

  /**
   * Appends, merging with the previous piece when both come from the same desired slice and agree
   * in owner, token and recall; slices the Assigner kept apart stay apart, so that it can still
   * move them one by one.
   */
  private static void append(List<SliceAssignment> out, SliceAssignment piece,
      boolean sameDesiredSlice) {
    if (sameDesiredSlice && !out.isEmpty()) {
      SliceAssignment last = out.get(out.size() - 1);
      if (last.tasks().equals(piece.tasks()) && last.token() == piece.token()
          && last.recalled() == piece.recalled()) {
        out.set(out.size() - 1, new SliceAssignment(
            new Slice(last.slice().start(), piece.slice().end()), last.tasks(), last.token(),
            last.recalled()));
        return;
      }
    }
    out.add(piece);
  }
}
