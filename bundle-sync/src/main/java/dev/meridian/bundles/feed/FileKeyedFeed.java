package dev.meridian.bundles.feed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyedFeed} inside one process, persisted in a directory: one file per key (the key's
 * UTF-8 bytes in unpadded base64url, then {@code .value}), written to a temporary file, forced to
 * disk and renamed into place, so a restart finds every value published before it. For the
 * all-in-one server, where the control plane and the PoP share a JVM and no Pulsar runs.
 *
 * <p>Each subscription has its own delivery thread fed by a queue, so a slow listener delays only
 * itself; publish and subscribe take one lock, so a subscriber sees every change exactly once, in
 * order, after the state it was given.
 *
 * <p>Limit: keys of 1 to {@value #MAX_KEY_BYTES} UTF-8 bytes (file names have a length limit).
 */
public final class FileKeyedFeed implements KeyedFeed {

  private static final Logger LOG = LoggerFactory.getLogger(FileKeyedFeed.class);
  public static final int MAX_KEY_BYTES = 180;
  private static final String SUFFIX = ".value";
  private static final String TMP_PREFIX = ".tmp-";

  private final Path dir;
  private final Map<String, byte[]> state = new TreeMap<>();
  private final List<FileSubscription> subscriptions = new ArrayList<>();
  private boolean closed;

  /** Opens (creating if needed) the feed stored in {@code dir} and loads its state. */
  public FileKeyedFeed(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.startsWith(TMP_PREFIX)) {
          Files.deleteIfExists(f); // a publish interrupted by a crash
        } else if (name.endsWith(SUFFIX)) {
          try {
            String key = new String(Base64.getUrlDecoder().decode(name.substring(0, name.length() - SUFFIX.length())),
                StandardCharsets.UTF_8);
            state.put(key, Files.readAllBytes(f));
          } catch (IllegalArgumentException e) {
            LOG.warn("event=keyed_feed_foreign_file dir={} file={} action=ignored", dir, name);
          }
        }
      }
    }
  }

  @Override
  public void publish(String key, byte[] value) {
    checkKey(key);
    if (value.length == 0) {
      throw new IllegalArgumentException("an empty value is the delete marker: call delete(\"" + key + "\") instead");
    }
    byte[] copy = value.clone();
    synchronized (this) {
      checkOpen();
      write(key, copy);
      state.put(key, copy);
      for (FileSubscription s : subscriptions) {
        s.deliver(l -> l.onUpdate(key, copy.clone()));
      }
    }
  }

  @Override
  public void delete(String key) {
    checkKey(key);
    synchronized (this) {
      checkOpen();
      try {
        Files.deleteIfExists(fileOf(key));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + fileOf(key) + ": is " + dir + " writable?", e);
      }
      if (state.remove(key) != null) {
        for (FileSubscription s : subscriptions) {
          s.deliver(l -> l.onDelete(key));
        }
      }
    }
  }

  @Override
  public Subscription subscribe(Listener listener) {
    FileSubscription s = new FileSubscription(listener);
    synchronized (this) {
      checkOpen();
      for (Map.Entry<String, byte[]> e : state.entrySet()) {
        String key = e.getKey();
        byte[] value = e.getValue().clone();
        s.deliver(l -> l.onUpdate(key, value));
      }
      s.deliver(Listener::onReplayed);
      subscriptions.add(s);
    }
    return s;
  }

  @Override
  public void close() {
    List<FileSubscription> open;
    synchronized (this) {
      closed = true;
      open = List.copyOf(subscriptions);
    }
    open.forEach(FileSubscription::close);
  }

  private void write(String key, byte[] value) {
    Path target = fileOf(key);
    try {
      Path tmp = Files.createTempFile(dir, TMP_PREFIX, "");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(value);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store key " + key + " in " + dir + ": is the directory writable and the disk not full?", e);
    }
  }

  private Path fileOf(String key) {
    return dir.resolve(Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8)) + SUFFIX);
  }

  private static void checkKey(String key) {
    int n = key.getBytes(StandardCharsets.UTF_8).length;
    if (n == 0 || n > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key \"" + key + "\" must be 1 to " + MAX_KEY_BYTES + " UTF-8 bytes, is " + n);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the feed in " + dir + " is closed");
    }
  }

  /** A subscription: its own delivery thread, so listeners run one call at a time and in order. */
  private final class FileSubscription implements Subscription {

    private final Listener listener;
    private final ExecutorService thread;
    private volatile boolean closed;
    private volatile @Nullable Thread worker;

    FileSubscription(Listener listener) {
      this.listener = listener;
      this.thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keyed-feed-" + dir.getFileName());
        t.setDaemon(true);
        worker = t;
        return t;
      });
    }

    void deliver(java.util.function.Consumer<Listener> call) {
      thread.execute(() -> {
        if (closed) {
          return;
        }
        try {
          call.accept(listener);
        } catch (RuntimeException e) {
          LOG.warn("event=keyed_feed_listener_failed dir={} error={} action=continue", dir, e.toString(), e);
        }
      });
    }

    @Override
    public void close() {
      closed = true;
      synchronized (FileKeyedFeed.this) {
        subscriptions.remove(this);
      }
      thread.shutdown();
      if (Thread.currentThread() != worker) { // a listener closing its own subscription must not wait for itself
        try {
          thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
