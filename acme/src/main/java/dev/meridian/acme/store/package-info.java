/**
 * Where certificates live: {@link dev.meridian.acme.store.CertificateStore} keeps each certificate
 * and its private key (and the ACME account key) encrypted with AES-256-GCM in a directory, loads
 * them on restart, and tells {@link dev.meridian.acme.store.CertificateListener}s of every new or
 * replaced certificate. {@code SealedFiles} is the encryption, {@code CertificateCodec} the
 * plaintext format.
 */
@NullMarked
package dev.meridian.acme.store;

import org.jspecify.annotations.NullMarked;
