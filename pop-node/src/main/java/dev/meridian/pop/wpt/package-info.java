/**
 * Runs the Web Platform Tests against the real isolate runtime: {@link
 * dev.meridian.pop.wpt.WptRunner} turns each {@code *.any.js} file (with {@code testharness.js} and
 * its {@code // META: script=} dependencies) into a one-module worker, dispatches one in-memory
 * request to it through {@link dev.meridian.pop.isolate.WorkerRuntime}, and compares the subtest
 * results with the expected failures checked in per suite under {@code
 * dev/meridian/pop/wpt/expectations/}. {@link dev.meridian.pop.wpt.WptDirectory} finds the shared
 * WPT folder beside the repository.
 */
@NullMarked
package dev.meridian.pop.wpt;

import org.jspecify.annotations.NullMarked;
