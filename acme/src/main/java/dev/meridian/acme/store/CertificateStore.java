package dev.meridian.acme.store;

import dev.meridian.acme.CertificateRequest;
import dev.meridian.acme.EcKeys;
import dev.meridian.acme.IssuedCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates and private keys of the ACME subsystem, one per hostname set, kept encrypted in
 * a directory and loaded again on restart; also the ACME account key.
 *
 * <p>On disk: {@code DIR/certificates/HASH.sealed} per certificate (HASH is the SHA-256 of the
 * sorted hostnames, so a wildcard never becomes a file name) and {@code DIR/account.sealed}, each
 * encrypted with AES-256-GCM under the key in {@code DIR/store.key} (or a key file given to {@link
 * #open(Path, Path)}), created 0600 on first use. Nothing on disk holds a key in clear.
 *
 * <p>A file that cannot be read at start-up (another key, damaged bytes) is logged and skipped:
 * the other certificates still load, and the renewal scheduler issues the missing one again.
 *
 * <p>Listeners hear of every certificate stored; {@link #addListener} first replays the current
 * ones, so a PoP that subscribes at start-up misses none. Thread-safe.
 */
public final class CertificateStore {

  private static final Logger log = LoggerFactory.getLogger(CertificateStore.class);

  /** The key file's name inside the store directory when no other is given. */
  public static final String DEFAULT_KEY_FILE = "store.key";

  private static final String SUFFIX = ".sealed";

  private final Path certificateDirectory;
  private final Path accountFile;
  private final SealedFiles sealed;
  private final Map<String, IssuedCertificate> byName = new ConcurrentHashMap<>();
  private final List<CertificateListener> listeners = new CopyOnWriteArrayList<>();
  private final Object writeLock = new Object();
  private @Nullable KeyPair accountKey;

  private CertificateStore(Path directory, SealedFiles sealed) {
    this.certificateDirectory = directory.resolve("certificates");
    this.accountFile = directory.resolve("account" + SUFFIX);
    this.sealed = sealed;
  }

  /** Opens (or creates) the store in {@code directory}, its key in {@code directory/store.key}. */
  public static CertificateStore open(Path directory) throws IOException {
    return open(directory, directory.resolve(DEFAULT_KEY_FILE));
  }

  /**
   * Opens (or creates) the store in {@code directory} with the AES key in {@code keyFile}, which may
   * sit on another volume; loads every stored certificate.
   */
  public static CertificateStore open(Path directory, Path keyFile) throws IOException {
    Files.createDirectories(directory.resolve("certificates"));
    var store = new CertificateStore(directory, SealedFiles.open(keyFile));
    store.load();
    return store;
  }

  private void load() throws IOException {
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(certificateDirectory, "*" + SUFFIX)) {
      for (Path file : files) {
        try {
          IssuedCertificate certificate = CertificateCodec.decode(sealed.read(file));
          if (!file.equals(fileFor(certificate.request()))) {
            throw new IOException(file + " holds the certificate for "
                + certificate.request().name() + ", which belongs in another file");
          }
          byName.put(certificate.request().name(), certificate);
        } catch (IOException e) {
          log.warn("event=certificate_unreadable file={} error=\"{}\"", file, e.getMessage());
        }
      }
    }
    log.info("event=certificate_store_loaded directory={} certificates={}",
        certificateDirectory.getParent(), byName.size());
  }

  /**
   * Stores {@code certificate}, replacing the one for the same hostnames, then tells every
   * listener. When writing fails the store is unchanged and no listener is told.
   */
  public void put(IssuedCertificate certificate) throws IOException {
    synchronized (writeLock) {
      sealed.write(fileFor(certificate.request()), CertificateCodec.encode(certificate));
      byName.put(certificate.request().name(), certificate);
      for (CertificateListener listener : listeners) {
        notify(listener, certificate);
      }
    }
  }

  /**
   * Deletes the certificate for exactly the hostnames of {@code request}, then tells every
   * listener; returns whether there was one.
   */
  public boolean remove(CertificateRequest request) throws IOException {
    synchronized (writeLock) {
      Files.deleteIfExists(fileFor(request));
      if (byName.remove(request.name()) == null) {
        return false;
      }
      for (CertificateListener listener : listeners) {
        try {
          listener.certificateRemoved(request.hostnames());
        } catch (RuntimeException e) {
          log.warn("event=certificate_listener_failed names={} listener={} error=\"{}\"",
              request.name(), listener, e.toString(), e);
        }
      }
      return true;
    }
  }

  /** The certificate stored for exactly the hostnames of {@code request}, if any. */
  public Optional<IssuedCertificate> get(CertificateRequest request) {
    return Optional.ofNullable(byName.get(request.name()));
  }

  /** Every stored certificate. */
  public List<IssuedCertificate> all() {
    return List.copyOf(byName.values());
  }

  /** Tells {@code listener} of every stored certificate now, then of every one stored later. */
  public void addListener(CertificateListener listener) {
    synchronized (writeLock) {
      for (IssuedCertificate certificate : byName.values()) {
        notify(listener, certificate);
      }
      listeners.add(listener);
    }
  }

  /** Stops telling {@code listener}. */
  public void removeListener(CertificateListener listener) {
    listeners.remove(listener);
  }

  /**
   * The ACME account's key pair, created (EC P-256) and stored on first use: the account is
   * identified by this key, so it must outlive restarts.
   */
  public KeyPair accountKeyPair() throws IOException {
    synchronized (writeLock) {
      KeyPair current = accountKey;
      if (current == null) {
        if (Files.exists(accountFile)) {
          current = CertificateCodec.decodeKeyPair(sealed.read(accountFile));
        } else {
          current = EcKeys.generateP256();
          sealed.write(accountFile, CertificateCodec.encode(current));
          log.info("event=acme_account_key_created file={}", accountFile);
        }
        accountKey = current;
      }
      return current;
    }
  }

  private Path fileFor(CertificateRequest request) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(request.name().getBytes(StandardCharsets.UTF_8));
      return certificateDirectory.resolve(HexFormat.of().formatHex(digest, 0, 16) + SUFFIX);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  private static void notify(CertificateListener listener, IssuedCertificate certificate) {
    try {
      listener.certificateChanged(certificate);
    } catch (RuntimeException e) {
      log.warn("event=certificate_listener_failed names={} listener={} error=\"{}\"",
          certificate.request().name(), listener, e.toString(), e);
    }
  }
}
