/**
 * The {@code meridian} command: one entry point that starts any role ({@code dev} now; the PoP, the
 * control plane and the tools as they come), with one class per subcommand.
 */
@NullMarked
package dev.meridian.cli;

import org.jspecify.annotations.NullMarked;
