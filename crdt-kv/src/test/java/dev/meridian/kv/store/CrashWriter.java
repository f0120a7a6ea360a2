package dev.meridian.kv.store;

import dev.meridian.kv.crdt.Hlc;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * Child-process half of {@link NamespaceStoreCrashTest}: writes keys to a store under the given
 * fsync policy and prints {@code ack <i>} once each {@link NamespaceStore#apply} has returned, until
 * it is killed.
 */
public final class CrashWriter {

  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    FsyncPolicy policy = switch (args[1]) {
      case "always" -> FsyncPolicy.always();
      case "never" -> FsyncPolicy.never();
      default -> FsyncPolicy.DEFAULT;
    };
    NamespaceStore store = NamespaceStore.open(StoreConfig.of(dir).withFsync(policy), InstantSource.system());
    String filler = "x".repeat(300);
    for (int i = 0; ; i++) {
      store.apply(StoreFixtures.put("key-" + i, filler + i, new Hlc(1_000 + i, 0, 1)));
      System.out.println("ack " + i);
      System.out.flush();
    }
  }
}
