package dev.meridian.bundles.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalLogTailTest {

  @Test
  void deliversToTheDeploymentsSubscribersUntilClosed() {
    LocalLogTail tail = new LocalLogTail();
    List<String> shop = new ArrayList<>();
    List<String> blog = new ArrayList<>();
    LogTail.Subscription s = tail.subscribe("acme/shop", e -> shop.add(new String(e, StandardCharsets.UTF_8)));
    tail.subscribe("acme/blog", e -> blog.add(new String(e, StandardCharsets.UTF_8)));
    tail.subscribe("acme/shop", e -> {
      throw new IllegalStateException("a broken tail");
    });
    tail.publish("acme/shop", "{\"msg\":1}".getBytes(StandardCharsets.UTF_8));
    tail.publish("acme/nobody", "{\"msg\":0}".getBytes(StandardCharsets.UTF_8));
    s.close();
    tail.publish("acme/shop", "{\"msg\":2}".getBytes(StandardCharsets.UTF_8));
    tail.publish("acme/blog", "{\"msg\":3}".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("{\"msg\":1}"), shop);
    assertEquals(List.of("{\"msg\":3}"), blog);
  }
}
