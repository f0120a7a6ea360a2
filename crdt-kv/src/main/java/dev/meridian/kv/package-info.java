/**
 * The Workers KV facade the PoP binds to {@code env.MY_KV}: {@link dev.meridian.kv.KvStore} opens
 * a node's namespaces, {@link dev.meridian.kv.KvNamespace} is one namespace's get, put, delete and
 * list. Plain Java types only (byte arrays, strings, records, {@link
 * java.util.concurrent.CompletableFuture}); errors a worker can cause are {@link
 * dev.meridian.kv.KvException}s, one type per limit. The module README gives the contract.
 */
@NullMarked
package dev.meridian.kv;

import org.jspecify.annotations.NullMarked;
