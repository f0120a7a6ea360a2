/** WebAssembly's streaming functions; see {@code api/wasm/README.md}. */
@NullMarked
package dev.meridian.pop.api.wasm;

import org.jspecify.annotations.NullMarked;
