package dev.meridian.pop.isolate;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.primitive.V8ValueBoolean;
import com.caoccao.javet.values.primitive.V8ValueDouble;
import com.caoccao.javet.values.primitive.V8ValueInteger;
import com.caoccao.javet.values.primitive.V8ValueLong;
import com.caoccao.javet.values.primitive.V8ValueNull;
import com.caoccao.javet.values.primitive.V8ValueString;
import com.caoccao.javet.values.primitive.V8ValueUndefined;
import com.caoccao.javet.values.reference.IV8ValueArray;
import com.caoccao.javet.values.reference.V8ValueArray;
import com.caoccao.javet.values.reference.V8ValueArrayBuffer;
import com.caoccao.javet.values.reference.V8ValueDataView;
import com.caoccao.javet.values.reference.V8ValueObject;
import com.caoccao.javet.values.reference.V8ValueTypedArray;
import com.caoccao.javet.enums.V8ValueReferenceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one table that maps JavaScript values to the plain Java values of {@link
 * dev.meridian.pop.api.HostOp} and back (the glue layer's type map, as workerd's jsg keeps one).
 *
 * <table>
 *   <caption>JavaScript ↔ Java</caption>
 *   <tr><th>JavaScript</th><th>Java</th></tr>
 *   <tr><td>undefined, null</td><td>null (null becomes undefined going back)</td></tr>
 *   <tr><td>string</td><td>String</td></tr>
 *   <tr><td>boolean</td><td>Boolean</td></tr>
 *   <tr><td>number</td><td>Long when integral and in int range from V8, else Double</td></tr>
 *   <tr><td>ArrayBuffer, typed array, DataView</td><td>byte[] (a copy)</td></tr>
 *   <tr><td>Uint8Array (to JS)</td><td>byte[]</td></tr>
 *   <tr><td>Array</td><td>List</td></tr>
 *   <tr><td>other objects</td><td>Map of own enumerable string keys</td></tr>
 * </table>
 */
final class Values {

  private Values() {}

  static @Nullable Object toJava(V8Value value) throws JavetException {
    if (value instanceof V8ValueUndefined || value instanceof V8ValueNull) {
      return null;
    } else if (value instanceof V8ValueString s) {
      return s.getValue();
    } else if (value instanceof V8ValueBoolean b) {
      return b.getValue();
    } else if (value instanceof V8ValueInteger i) {
      return (long) i.getValue();
    } else if (value instanceof V8ValueLong l) {
      return l.getValue();
    } else if (value instanceof V8ValueDouble d) {
      return d.getValue();
    } else if (value instanceof V8ValueTypedArray typed) {
      return bytes(typed);
    } else if (value instanceof V8ValueArrayBuffer buffer) {
      return buffer.toBytes();
    } else if (value instanceof V8ValueDataView view) {
      try (V8ValueArrayBuffer buffer = view.getBuffer()) {
        return slice(buffer, view.getByteOffset(), view.getByteLength());
      }
    } else if (value instanceof V8ValueArray array) {
      List<@Nullable Object> list = new ArrayList<>(array.getLength());
      for (int i = 0; i < array.getLength(); i++) {
        try (V8Value item = array.get(i)) {
          list.add(toJava(item));
        }
      }
      return list;
    } else if (value instanceof V8ValueObject object) {
      Map<String, @Nullable Object> map = new LinkedHashMap<>();
      try (IV8ValueArray keys = object.getOwnPropertyNames()) {
        for (int i = 0; i < keys.getLength(); i++) {
          String key = keys.getString(i);
          try (V8Value item = object.get(key)) {
            map.put(key, toJava(item));
          }
        }
      }
      return map;
    }
    return value.toString();
  }

  /**
   * The bytes a typed array views, whatever its element type: only its window of the buffer (Javet's
   * own {@code toBytes()} copies the whole buffer, and only for byte arrays).
   */
  static byte[] bytes(V8ValueTypedArray typed) throws JavetException {
    try (V8ValueArrayBuffer buffer = typed.getBuffer()) {
      return slice(buffer, typed.getByteOffset(), typed.getByteLength());
    }
  }

  private static byte[] slice(V8ValueArrayBuffer buffer, int offset, int length) {
    byte[] out = new byte[length];
    buffer.getByteBuffer().get(offset, out, 0, length);
    return out;
  }

  static V8Value toV8(V8Runtime runtime, @Nullable Object value) throws JavetException {
    if (value == null) {
      return runtime.createV8ValueUndefined();
    } else if (value instanceof String s) {
      return runtime.createV8ValueString(s);
    } else if (value instanceof Boolean b) {
      return runtime.createV8ValueBoolean(b);
    } else if (value instanceof Integer i) {
      return runtime.createV8ValueInteger(i);
    } else if (value instanceof Number n) {
      return runtime.createV8ValueDouble(n.doubleValue());
    } else if (value instanceof byte[] bytes) {
      return uint8Array(runtime, bytes);
    } else if (value instanceof List<?> list) {
      V8ValueArray array = runtime.createV8ValueArray();
      for (Object item : list) {
        try (V8Value v = toV8(runtime, item)) {
          array.push(v);
        }
      }
      return array;
    } else if (value instanceof Map<?, ?> map) {
      V8ValueObject object = runtime.createV8ValueObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        try (V8Value v = toV8(runtime, entry.getValue())) {
          object.set(String.valueOf(entry.getKey()), v);
        }
      }
      return object;
    }
    throw new IllegalArgumentException("no JavaScript value for " + value.getClass().getName());
  }

  static V8ValueTypedArray uint8Array(V8Runtime runtime, byte[] bytes) throws JavetException {
    V8ValueTypedArray array = runtime.createV8ValueTypedArray(V8ValueReferenceType.Uint8Array, bytes.length);
    if (bytes.length > 0) {
      array.fromBytes(bytes);
    }
    return array;
  }
}
