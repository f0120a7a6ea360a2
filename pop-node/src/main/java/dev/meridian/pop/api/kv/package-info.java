/** Workers KV bindings ({@code env.MY_KV}) over the node's crdt-kv store; see {@code api/kv/README.md}. */
@NullMarked
package dev.meridian.pop.api.kv;

import org.jspecify.annotations.NullMarked;
