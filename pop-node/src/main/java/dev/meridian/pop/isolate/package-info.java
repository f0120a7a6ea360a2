/**
 * The Javet glue: the one package that touches V8. It builds the startup snapshot from the {@code api}
 * extensions, restores isolates from it, loads a worker's ES modules, bridges requests into {@code
 * fetch(request, env, ctx)}, enforces the heap limit and pools isolates per deployment version.
 */
@NullMarked
package dev.meridian.pop.isolate;

import org.jspecify.annotations.NullMarked;
