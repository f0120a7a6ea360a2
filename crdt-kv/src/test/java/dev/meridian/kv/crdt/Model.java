package dev.meridian.kv.crdt;

import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * One CRDT type seen through the operations the property tests need, so {@link CrdtLawsTest} states
 * every law once for all five types.
 */
interface Model<S> {

  String name();

  S empty();

  S copy(S s);

  void join(S into, S other);

  S diff(S state, S base);

  /** Applies operation {@code op} on {@code key} as {@code replica} (clock given) and returns the delta. */
  S mutate(S state, int replica, HybridClock clock, int op, int key);

  byte[] encode(S s);

  S decode(byte[] b);

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static HybridClock clock(int node, LongSupplier wall) {
    return new HybridClock(node, wall);
  }

  Model<LwwMap> LWW = new Model<>() {
    public String name() { return "LwwMap"; }
    public LwwMap empty() { return new LwwMap(); }
    public LwwMap copy(LwwMap s) { return s.copy(); }
    public void join(LwwMap into, LwwMap other) { into.join(other); }
    public LwwMap diff(LwwMap s, LwwMap base) { return s.diff(base); }
    public LwwMap mutate(LwwMap s, int replica, HybridClock clock, int op, int key) {
      String k = "k" + key;
      return op % 4 == 0 ? s.remove(k, clock.now()) : s.put(k, bytes("v" + op + "@" + replica), clock.now());
    }
    public byte[] encode(LwwMap s) { return s.encode(); }
    public LwwMap decode(byte[] b) { return LwwMap.decode(b); }
  };

  Model<GCounter> G_COUNTER = new Model<>() {
    public String name() { return "GCounter"; }
    public GCounter empty() { return new GCounter(); }
    public GCounter copy(GCounter s) { return s.copy(); }
    public void join(GCounter into, GCounter other) { into.join(other); }
    public GCounter diff(GCounter s, GCounter base) { return s.diff(base); }
    public GCounter mutate(GCounter s, int replica, HybridClock clock, int op, int key) {
      return s.increment(replica, op);
    }
    public byte[] encode(GCounter s) { return s.encode(); }
    public GCounter decode(byte[] b) { return GCounter.decode(b); }
  };

  Model<PNCounter> PN_COUNTER = new Model<>() {
    public String name() { return "PNCounter"; }
    public PNCounter empty() { return new PNCounter(); }
    public PNCounter copy(PNCounter s) { return s.copy(); }
    public void join(PNCounter into, PNCounter other) { into.join(other); }
    public PNCounter diff(PNCounter s, PNCounter base) { return s.diff(base); }
    public PNCounter mutate(PNCounter s, int replica, HybridClock clock, int op, int key) {
      return s.add(replica, op % 2 == 0 ? op : -op);
    }
    public byte[] encode(PNCounter s) { return s.encode(); }
    public PNCounter decode(byte[] b) { return PNCounter.decode(b); }
  };

  Model<ORSet> OR_SET = new Model<>() {
    public String name() { return "ORSet"; }
    public ORSet empty() { return new ORSet(); }
    public ORSet copy(ORSet s) { return s.copy(); }
    public void join(ORSet into, ORSet other) { into.join(other); }
    public ORSet diff(ORSet s, ORSet base) { return s.diff(base); }
    public ORSet mutate(ORSet s, int replica, HybridClock clock, int op, int key) {
      return op % 3 == 0 ? s.remove("e" + key) : s.add(replica, "e" + key);
    }
    public byte[] encode(ORSet s) { return s.encode(); }
    public ORSet decode(byte[] b) { return ORSet.decode(b); }
  };

  Model<MVRegister> MV_REGISTER = new Model<>() {
    public String name() { return "MVRegister"; }
    public MVRegister empty() { return new MVRegister(); }
    public MVRegister copy(MVRegister s) { return s.copy(); }
    public void join(MVRegister into, MVRegister other) { into.join(other); }
    public MVRegister diff(MVRegister s, MVRegister base) { return s.diff(base); }
    public MVRegister mutate(MVRegister s, int replica, HybridClock clock, int op, int key) {
      return s.write(replica, bytes("v" + op + "@" + replica));
    }
    public byte[] encode(MVRegister s) { return s.encode(); }
    public MVRegister decode(byte[] b) { return MVRegister.decode(b); }
  };
}
