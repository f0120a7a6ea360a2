package dev.meridian.pop.server;

import dev.meridian.bundles.feed.KeyedFeed;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The pending ACME HTTP-01 challenges as this PoP knows them from the challenges feed (key = token,
 * value = key authorization), for {@code /.well-known/acme-challenge/TOKEN}.
 */
public final class ChallengeTokens implements KeyedFeed.Listener {

  private final Map<String, String> pending = new ConcurrentHashMap<>();

  public @Nullable String keyAuthorization(String token) {
    return pending.get(token);
  }

  @Override
  public void onUpdate(String token, byte[] keyAuthorization) {
    pending.put(token, new String(keyAuthorization, StandardCharsets.US_ASCII));
  }

  @Override
  public void onDelete(String token) {
    pending.remove(token);
  }

  @Override
  public void onReplayed() {}
}
