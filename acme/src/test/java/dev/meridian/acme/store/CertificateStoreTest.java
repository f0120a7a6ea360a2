package dev.meridian.acme.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.acme.CertificateRequest;
import dev.meridian.acme.ChallengeType;
import dev.meridian.acme.EcKeys;
import dev.meridian.acme.IssuedCertificate;
import dev.meridian.acme.pebble.TestCa;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateStoreTest {

  private static final TestCa CA = new TestCa("store test CA");

  @TempDir Path directory;

  @Test
  void aCertificateAndItsKeyComeBackAfterARestart() throws IOException {
    IssuedCertificate original = certificate(ChallengeType.DNS_01, "*.example.com", "example.com");
    CertificateStore.open(directory).put(original);

    CertificateStore reopened = CertificateStore.open(directory);

    IssuedCertificate loaded = reopened.get(original.request()).orElseThrow();
    assertEquals(original.request(), loaded.request());
    assertEquals(original.chain(), loaded.chain());
    assertArrayEquals(original.privateKey().getEncoded(), loaded.privateKey().getEncoded());
    assertEquals(List.of(loaded), reopened.all());
  }

  @Test
  void nothingOnDiskHoldsAPrivateKeyInClear() throws Exception {
    CertificateStore store = CertificateStore.open(directory);
    IssuedCertificate certificate = certificate(ChallengeType.HTTP_01, "www.example.com");
    store.put(certificate);
    KeyPair account = store.accountKeyPair();

    List<byte[]> secrets = List.of(certificate.privateKey().getEncoded(),
        account.getPrivate().getEncoded(),
        TestCa.pem(certificate.privateKey()).getBytes(StandardCharsets.US_ASCII),
        "PRIVATE KEY".getBytes(StandardCharsets.US_ASCII),
        certificate.leaf().getEncoded() /* the certificate is not secret, but sealed too */);
    for (Path file : files()) {
      if (file.getFileName().toString().equals(CertificateStore.DEFAULT_KEY_FILE)) {
        continue;
      }
      byte[] content = Files.readAllBytes(file);
      for (byte[] secret : secrets) {
        assertFalse(contains(content, secret), file + " holds " + HexFormat.of()
            .formatHex(secret, 0, 8) + "... in clear");
      }
    }
  }

  @Test
  void theKeyFileIsCreatedOwnerOnlyAndFilesAreSealedUnderIt() throws IOException {
    Path keyFile = directory.resolve("elsewhere/aes.key");
    CertificateStore store = CertificateStore.open(directory.resolve("store"), keyFile);
    store.put(certificate(ChallengeType.HTTP_01, "www.example.com"));

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
    assertEquals(32, Files.size(keyFile));
    for (Path file : files()) {
      if (file.toString().endsWith(".sealed")) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      }
    }
  }

  @Test
  void withAnotherKeyTheCertificatesAreSkippedNotFatal() throws IOException {
    CertificateStore.open(directory).put(certificate(ChallengeType.HTTP_01, "www.example.com"));
    Files.delete(directory.resolve(CertificateStore.DEFAULT_KEY_FILE));

    CertificateStore reopened = CertificateStore.open(directory);

    assertTrue(reopened.all().isEmpty());
  }

  @Test
  void aDamagedFileIsSkippedAndTheOthersStillLoad() throws IOException {
    CertificateStore store = CertificateStore.open(directory);
    IssuedCertificate kept = certificate(ChallengeType.HTTP_01, "kept.example.com");
    store.put(kept);
    Path keptFile = onlySealedCertificate();
    store.put(certificate(ChallengeType.HTTP_01, "damaged.example.com"));
    Path damaged = sealedCertificates().stream().filter(f -> !f.equals(keptFile)).findFirst()
        .orElseThrow();
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[bytes.length - 1] ^= 1;
    Files.write(damaged, bytes);
    Files.writeString(directory.resolve("certificates/junk.sealed"), "not sealed at all");

    CertificateStore reopened = CertificateStore.open(directory);

    assertEquals(List.of(kept.request()),
        reopened.all().stream().map(IssuedCertificate::request).toList());
  }

  @Test
  void aSealedFileMovedToAnotherNameDoesNotLoad() throws IOException {
    CertificateStore store = CertificateStore.open(directory);
    store.put(certificate(ChallengeType.HTTP_01, "a.example.com"));
    Path file = onlySealedCertificate();
    Files.move(file, file.resolveSibling("0000" + file.getFileName()));

    assertTrue(CertificateStore.open(directory).all().isEmpty());
  }

  @Test
  void aWrongSizedKeyFileIsAClearError() throws IOException {
    Files.writeString(directory.resolve(CertificateStore.DEFAULT_KEY_FILE), "short");

    IOException failure = assertThrows(IOException.class, () -> CertificateStore.open(directory));
    assertTrue(failure.getMessage().contains("restore the original key file"),
        failure.getMessage());
  }

  @Test
  void listenersHearOfTheStoredCertificatesThenOfEveryNewOrReplacedOne() throws IOException {
    CertificateStore store = CertificateStore.open(directory);
    IssuedCertificate first = certificate(ChallengeType.HTTP_01, "a.example.com");
    store.put(first);
    List<IssuedCertificate> heard = new ArrayList<>();

    store.addListener(c -> {
      throw new IllegalStateException("a broken listener");
    });
    store.addListener(heard::add);
    IssuedCertificate second = certificate(ChallengeType.HTTP_01, "b.example.com");
    store.put(second);
    IssuedCertificate replacement = certificate(ChallengeType.HTTP_01, "a.example.com");
    store.put(replacement);

    assertEquals(List.of(first, second, replacement), heard);
    assertEquals(replacement, store.get(first.request()).orElseThrow());
    assertEquals(2, store.all().size());
  }

  @Test
  void aRemovedCertificateIsDeletedAndListenersAreTold() throws IOException {
    CertificateStore store = CertificateStore.open(directory);
    IssuedCertificate certificate = certificate(ChallengeType.HTTP_01, "gone.example.com");
    store.put(certificate);
    List<Object> removed = new ArrayList<>();
    store.addListener(new CertificateListener() {
      @Override
      public void certificateChanged(IssuedCertificate changed) {}

      @Override
      public void certificateRemoved(SortedSet<String> hostnames) {
        removed.add(hostnames);
      }
    });

    assertTrue(store.remove(certificate.request()));

    assertEquals(List.of(certificate.hostnames()), removed);
    assertTrue(store.get(certificate.request()).isEmpty());
    assertTrue(sealedCertificates().isEmpty());
    assertTrue(CertificateStore.open(directory).all().isEmpty());
    assertFalse(store.remove(certificate.request()));
    assertEquals(1, removed.size());
  }

  @Test
  void theAccountKeyIsCreatedOnceAndKept() throws IOException {
    KeyPair created = CertificateStore.open(directory).accountKeyPair();

    KeyPair loaded = CertificateStore.open(directory).accountKeyPair();

    assertArrayEquals(created.getPrivate().getEncoded(), loaded.getPrivate().getEncoded());
    assertEquals(created.getPublic(), loaded.getPublic());
  }

  /** A certificate from the test CA for {@code hostnames}, valid for 90 days from now. */
  static IssuedCertificate certificate(ChallengeType challenge, String... hostnames) {
    KeyPair key = EcKeys.generateP256();
    Instant now = Instant.now();
    var leaf = CA.issue(key, now, now.plus(Duration.ofDays(90)),
        Arrays.stream(hostnames).toList(), List.of());
    return new IssuedCertificate(CertificateRequest.of(challenge, hostnames), key.getPrivate(),
        List.of(leaf, CA.root()));
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private List<Path> sealedCertificates() throws IOException {
    try (Stream<Path> list = Files.list(directory.resolve("certificates"))) {
      return list.toList();
    }
  }

  private Path onlySealedCertificate() throws IOException {
    List<Path> sealed = sealedCertificates();
    assertEquals(1, sealed.size(), sealed.toString());
    return sealed.getFirst();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
