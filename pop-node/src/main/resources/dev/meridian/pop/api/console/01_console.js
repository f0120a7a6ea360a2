// The console namespace (https://console.spec.whatwg.org/): the Formatter's %s %d %i %f %o %O %c
// substitutions, an inspector for everything else, counters, timers and groups. Every call becomes
// one log line through op_console_log(level, text); the host tags it with deployment and request.
'use strict';

const {
  ArrayBufferIsView,
  ArrayIsArray,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  DateNow,
  StringPrototypeIncludes,
  DatePrototypeGetTime,
  DatePrototypeToISOString,
  Error,
  ErrorCaptureStackTrace,
  JSONStringify,
  MapPrototypeGetSize,
  NumberIsNaN,
  NumberParseFloat,
  NumberParseInt,
  ObjectGetPrototypeOf,
  ObjectKeys,
  ObjectPrototypeIsPrototypeOf,
  ObjectPrototypeToString,
  RegExpPrototypeToString,
  SafeMap,
  SafeSet,
  SetPrototypeGetSize,
  String,
  StringPrototypeRepeat,
  StringPrototypeReplace,
  StringPrototypeSlice,
  SymbolPrototypeToString,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeGetSymbolToStringTag,
  Date,
  Map,
  Set,
  RegExp,
  MathRound,
} = primordials;

// How deep objects are shown, and how many entries of a collection, before eliding.
const MAX_DEPTH = 2;
const MAX_ENTRIES = 100;
const MAX_STRING = 10_000;

function className(value) {
  const proto = ObjectGetPrototypeOf(value);
  if (proto === null) return '[Object: null prototype]';
  const ctor = proto.constructor;
  return typeof ctor === 'function' && typeof ctor.name === 'string' ? ctor.name : 'Object';
}

function quote(s) {
  return JSONStringify(s);
}

function inspect(value, depth = 0, seen = new SafeSet(), nested = false) {
  switch (typeof value) {
    case 'string':
      return nested ? quote(value) : value;
    case 'number':
      return ObjectIsNegativeZero(value) ? '-0' : String(value);
    case 'bigint':
      return String(value) + 'n';
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return SymbolPrototypeToString(value);
    case 'function':
      return `[Function: ${value.name || '(anonymous)'}]`;
  }
  if (value === null) return 'null';
  if (seen.has(value)) return '[Circular]';
  try {
    if (ObjectPrototypeIsPrototypeOf(Error.prototype, value)) {
      return typeof value.stack === 'string' ? value.stack : `${value.name}: ${value.message}`;
    }
    if (ObjectPrototypeIsPrototypeOf(Date.prototype, value)) {
      return NumberIsNaN(DatePrototypeGetTime(value)) ? 'Invalid Date' : DatePrototypeToISOString(value);
    }
    if (ObjectPrototypeIsPrototypeOf(RegExp.prototype, value)) return RegExpPrototypeToString(value);
    if (depth > MAX_DEPTH) return ArrayIsArray(value) ? '[Array]' : `[${className(value)}]`;
    seen.add(value);
    const parts = [];
    const more = (count) => count > MAX_ENTRIES && ArrayPrototypePush(parts, `... ${count - MAX_ENTRIES} more`);
    let open = '{';
    let close = '}';
    let prefix = '';
    if (ArrayIsArray(value)) {
      open = '[';
      close = ']';
      for (let i = 0; i < value.length && i < MAX_ENTRIES; i++) {
        ArrayPrototypePush(parts, inspect(value[i], depth + 1, seen, true));
      }
      more(value.length);
    } else if (ArrayBufferIsView(value) && TypedArrayPrototypeGetSymbolToStringTag(value) !== undefined) {
      const length = TypedArrayPrototypeGetLength(value);
      prefix = `${TypedArrayPrototypeGetSymbolToStringTag(value)}(${length}) `;
      open = '[';
      close = ']';
      for (let i = 0; i < length && i < MAX_ENTRIES; i++) ArrayPrototypePush(parts, String(value[i]));
      more(length);
    } else if (ObjectPrototypeIsPrototypeOf(Map.prototype, value)) {
      prefix = `Map(${MapPrototypeGetSize(value)}) `;
      let i = 0;
      for (const [k, v] of new SafeMap(value)) {
        if (i++ >= MAX_ENTRIES) break;
        ArrayPrototypePush(parts, `${inspect(k, depth + 1, seen, true)} => ${inspect(v, depth + 1, seen, true)}`);
      }
      more(MapPrototypeGetSize(value));
    } else if (ObjectPrototypeIsPrototypeOf(Set.prototype, value)) {
      prefix = `Set(${SetPrototypeGetSize(value)}) `;
      let i = 0;
      for (const v of new SafeSet(value)) {
        if (i++ >= MAX_ENTRIES) break;
        ArrayPrototypePush(parts, inspect(v, depth + 1, seen, true));
      }
      more(SetPrototypeGetSize(value));
    } else {
      const name = className(value);
      if (name !== 'Object') prefix = name + ' ';
      const keys = ObjectKeys(value);
      for (let i = 0; i < keys.length && i < MAX_ENTRIES; i++) {
        const key = keys[i];
        ArrayPrototypePush(parts, `${key}: ${inspect(value[key], depth + 1, seen, true)}`);
      }
      more(keys.length);
    }
    seen.delete(value);
    if (parts.length === 0) return `${prefix}${open}${close}`;
    return `${prefix}${open} ${ArrayPrototypeJoin(parts, ', ')} ${close}`;
  } catch {
    return ObjectPrototypeToString(value);
  }
}

function ObjectIsNegativeZero(n) {
  return n === 0 && 1 / n < 0;
}

// The Formatter operation: substitutions in a leading string argument, then the rest inspected.
function format(args) {
  if (args.length === 0) return '';
  let out = '';
  let rest = 0;
  if (typeof args[0] === 'string') {
    const template = args[0];
    let next = 1;
    let i = 0;
    while (i < template.length) {
      const c = template[i];
      if (c === '%' && i + 1 < template.length) {
        const spec = template[i + 1];
        if (spec === '%') {
          out += '%';
          i += 2;
          continue;
        }
        if (StringPrototypeIncludes('sdifoOjc', spec) && next < args.length) {
          const arg = args[next++];
          switch (spec) {
            case 's': out += typeof arg === 'string' ? arg : inspect(arg, 1); break;
            case 'd':
            case 'i': out += typeof arg === 'symbol' ? 'NaN' : String(NumberParseInt(arg, 10)); break;
            case 'f': out += typeof arg === 'symbol' ? 'NaN' : String(NumberParseFloat(arg)); break;
            case 'j': try { out += JSONStringify(arg); } catch { out += '[Circular]'; } break;
            case 'c': break; // CSS has no meaning in a log line
            default: out += inspect(arg, 0, new SafeSet(), true);
          }
          i += 2;
          continue;
        }
      }
      out += c;
      i++;
    }
    rest = next;
  } else {
    out = inspect(args[0]);
    rest = 1;
  }
  for (let i = rest; i < args.length; i++) out += ' ' + inspect(args[i]);
  return out.length > MAX_STRING ? StringPrototypeSlice(out, 0, MAX_STRING) + '… (truncated)' : out;
}

let groupIndent = '';
const counters = new SafeMap();
const timers = new SafeMap();

function emit(level, args) {
  let text = format(args);
  if (groupIndent !== '') text = groupIndent + StringPrototypeReplace(text, /\n/g, '\n' + groupIndent);
  internals.ops.op_console_log(level, text);
}

const console = {
  log: (...args) => emit('info', args),
  info: (...args) => emit('info', args),
  debug: (...args) => emit('debug', args),
  warn: (...args) => emit('warn', args),
  error: (...args) => emit('error', args),
  dir: (item) => emit('info', [inspect(item)]),
  dirxml: (...args) => emit('info', args),
  table: (...args) => emit('info', args),
  trace: (...args) => {
    const holder = {};
    ErrorCaptureStackTrace(holder, console.trace);
    const stack = StringPrototypeReplace(String(holder.stack), /^Error\n/, '');
    emit('error', [`Trace: ${format(args)}\n${stack}`]);
  },
  assert: (condition = false, ...args) => {
    if (condition) return;
    if (args.length === 0) emit('error', ['Assertion failed']);
    else if (typeof args[0] === 'string') emit('error', [`Assertion failed: ${args[0]}`, ...ArrayPrototypeSlice(args, 1)]);
    else emit('error', ['Assertion failed:', ...args]);
  },
  count: (label = 'default') => {
    const key = String(label);
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    emit('info', [`${key}: ${n}`]);
  },
  countReset: (label = 'default') => {
    const key = String(label);
    if (counters.has(key)) counters.set(key, 0);
    else emit('warn', [`Count for '${key}' does not exist`]);
  },
  group: (...args) => {
    if (args.length > 0) emit('info', args);
    groupIndent += '  ';
  },
  groupCollapsed: (...args) => console.group(...args),
  groupEnd: () => {
    groupIndent = StringPrototypeSlice(groupIndent, 0, -2);
  },
  time: (label = 'default') => {
    const key = String(label);
    if (timers.has(key)) emit('warn', [`Timer '${key}' already exists`]);
    else timers.set(key, DateNow());
  },
  timeLog: (label = 'default', ...data) => {
    const key = String(label);
    if (!timers.has(key)) return emit('warn', [`Timer '${key}' does not exist`]);
    emit('info', [`${key}: ${MathRound(DateNow() - timers.get(key))}ms`, ...data]);
  },
  timeEnd: (label = 'default') => {
    const key = String(label);
    if (!timers.has(key)) return emit('warn', [`Timer '${key}' does not exist`]);
    emit('info', [`${key}: ${MathRound(DateNow() - timers.get(key))}ms`]);
    timers.delete(key);
  },
};

internals.webidl.exposeInterface('console', console);
internals.console = { format, inspect };
