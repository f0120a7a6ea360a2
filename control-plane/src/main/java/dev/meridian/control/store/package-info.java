/**
 * The control plane's state in one SQLite file ({@code DIR/control.db}): tenants, token hashes,
 * workers, their immutable versions and claimed routes, deployments, sealed secrets and KV namespace
 * names. {@link dev.meridian.control.store.Database} owns the connection and the schema migrations;
 * one small store class per kind of object. Every lookup of a tenant's object takes the tenant, so
 * no query can reach another tenant's rows.
 */
@NullMarked
package dev.meridian.control.store;

import org.jspecify.annotations.NullMarked;
