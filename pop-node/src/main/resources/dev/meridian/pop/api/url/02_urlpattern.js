// URLPattern (https://urlpattern.spec.whatwg.org/): the tokenizer, the pattern parser, the regular
// expression and pattern string generators, the constructor string parser, URLPatternInit processing
// and matching. Each component is canonicalized through the URL parser of 00_url_parser.js
// (`internals.url`), run with a state override on a dummy URL, as the standard says.
'use strict';

const {
  ArrayPrototypePush,
  ObjectCreate,
  ObjectDefineProperty,
  RegExp,
  RegExpPrototypeExec,
  String,
  StringPrototypeCharCodeAt,
  StringPrototypeCodePointAt,
  StringPrototypeLastIndexOf,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
  TypeError,
  Uint8Array,
} = primordials;
const webidl = internals.webidl;
const {
  S, FAILURE, basicURLParse, serializePath, cloneRecord, hasOpaquePath, isSpecialScheme, defaultPort,
  percentEncodeString, sets,
} = internals.url;

// --- Tokenizer (https://urlpattern.spec.whatwg.org/#tokenizing) ---------------------------------------

const T_OPEN = 'open';
const T_CLOSE = 'close';
const T_REGEXP = 'regexp';
const T_NAME = 'name';
const T_CHAR = 'char';
const T_ESCAPED_CHAR = 'escaped-char';
const T_OTHER_MODIFIER = 'other-modifier';
const T_ASTERISK = 'asterisk';
const T_END = 'end';
const T_INVALID_CHAR = 'invalid-char';

const POLICY_STRICT = 0;
const POLICY_LENIENT = 1;

// https://urlpattern.spec.whatwg.org/#is-a-valid-name-code-point: ID_Start, '$' or '_' first, then
// ID_Continue, '$', ZWNJ or ZWJ, the code points of an ECMAScript identifier. The isolate's V8 has no
// ICU, so /\p{ID_Start}/u is a SyntaxError; a RegExp group name is an identifier, and V8 checks it
// with its own Unicode tables, so a code point is tried as one (and ASCII answered from a table).
function isIdentifierCodePoint(c, first) {
  try {
    new RegExp(first ? '(?<' + c + '>)' : '(?<_' + c + '>)', 'u');
    return true;
  } catch {
    return false;
  }
}
const ASCII_NAME_START = new Uint8Array(128);
const ASCII_NAME_PART = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = primordials.StringFromCodePoint(c);
  ASCII_NAME_START[c] = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || ch === '$' || ch === '_' ? 1 : 0;
  ASCII_NAME_PART[c] = ASCII_NAME_START[c] === 1 || (c >= 0x30 && c <= 0x39) ? 1 : 0;
}

function isValidNameCodePoint(c, first) {
  const code = StringPrototypeCodePointAt(c, 0);
  if (code < 128) return (first ? ASCII_NAME_START : ASCII_NAME_PART)[code] === 1;
  return isIdentifierCodePoint(c, first);
}

const isAscii = (c) => c <= 0x7f;

// https://urlpattern.spec.whatwg.org/#tokenize. Indexes are code units; the tokenizer steps a code
// point at a time, so slices never split a surrogate pair.
function tokenize(input, policy) {
  const tokens = [];
  let index = 0;
  let nextIndex = 0;
  let codePoint = 0;
  const length = input.length;

  const seekNext = (at) => {
    nextIndex = at;
    codePoint = StringPrototypeCodePointAt(input, nextIndex);
    nextIndex += codePoint > 0xffff ? 2 : 1;
  };
  const addToken = (type, nextPosition, valuePosition, valueLength) => {
    ArrayPrototypePush(tokens, {
      type, index, value: StringPrototypeSlice(input, valuePosition, valuePosition + valueLength),
    });
    index = nextPosition;
  };
  const addTokenDefaultLength = (type, nextPosition, valuePosition) =>
    addToken(type, nextPosition, valuePosition, nextPosition - valuePosition);
  const addTokenDefault = (type) => addTokenDefaultLength(type, nextIndex, index);
  const tokenizingError = (nextPosition, valuePosition) => {
    if (policy === POLICY_STRICT) {
      throw new TypeError(`Invalid URL pattern '${input}': unexpected code point at ${valuePosition}`);
    }
    addTokenDefaultLength(T_INVALID_CHAR, nextPosition, valuePosition);
  };

  while (index < length) {
    seekNext(index);
    const c = codePoint;
    if (c === 0x2a) { // *
      addTokenDefault(T_ASTERISK);
      continue;
    }
    if (c === 0x2b || c === 0x3f) { // + ?
      addTokenDefault(T_OTHER_MODIFIER);
      continue;
    }
    if (c === 0x5c) { // backslash
      if (index === length - 1) {
        tokenizingError(nextIndex, index);
        continue;
      }
      const escapedIndex = nextIndex;
      seekNext(nextIndex);
      addTokenDefaultLength(T_ESCAPED_CHAR, nextIndex, escapedIndex);
      continue;
    }
    if (c === 0x7b) {
      addTokenDefault(T_OPEN);
      continue;
    }
    if (c === 0x7d) {
      addTokenDefault(T_CLOSE);
      continue;
    }
    if (c === 0x3a) { // :name
      let namePosition = nextIndex;
      const nameStart = namePosition;
      while (namePosition < length) {
        seekNext(namePosition);
        const first = namePosition === nameStart;
        const cp = StringPrototypeSlice(input, namePosition, nextIndex);
        if (!isValidNameCodePoint(cp, first)) break;
        namePosition = nextIndex;
      }
      if (namePosition <= nameStart) {
        tokenizingError(nameStart, index);
        continue;
      }
      addTokenDefaultLength(T_NAME, namePosition, nameStart);
      continue;
    }
    if (c === 0x28) { // (regexp)
      let depth = 1;
      let regexpPosition = nextIndex;
      const regexpStart = regexpPosition;
      let error = false;
      while (regexpPosition < length) {
        seekNext(regexpPosition);
        const rc = codePoint;
        if (!isAscii(rc)) {
          tokenizingError(regexpStart, index);
          error = true;
          break;
        }
        if (regexpPosition === regexpStart && rc === 0x3f) {
          tokenizingError(regexpStart, index);
          error = true;
          break;
        }
        if (rc === 0x5c) {
          if (regexpPosition === length - 1) {
            tokenizingError(regexpStart, index);
            error = true;
            break;
          }
          seekNext(nextIndex);
          if (!isAscii(codePoint)) {
            tokenizingError(regexpStart, index);
            error = true;
            break;
          }
          regexpPosition = nextIndex;
          continue;
        }
        if (rc === 0x29) {
          depth--;
          if (depth === 0) {
            regexpPosition = nextIndex;
            break;
          }
        } else if (rc === 0x28) {
          depth++;
          if (regexpPosition === length - 1) {
            tokenizingError(regexpStart, index);
            error = true;
            break;
          }
          const temporaryPosition = nextIndex;
          seekNext(nextIndex);
          if (codePoint !== 0x3f) {
            tokenizingError(regexpStart, index);
            error = true;
            break;
          }
          nextIndex = temporaryPosition;
        }
        regexpPosition = nextIndex;
      }
      if (error) continue;
      if (depth !== 0) {
        tokenizingError(regexpStart, index);
        continue;
      }
      const regexpLength = regexpPosition - regexpStart - 1;
      if (regexpLength === 0) {
        tokenizingError(regexpStart, index);
        continue;
      }
      addToken(T_REGEXP, regexpPosition, regexpStart, regexpLength);
      continue;
    }
    addTokenDefault(T_CHAR);
  }
  addTokenDefaultLength(T_END, index, index);
  return tokens;
}

// --- Parts and the pattern parser (https://urlpattern.spec.whatwg.org/#parsing-patterns) -------------

const P_FIXED_TEXT = 'fixed-text';
const P_REGEXP = 'regexp';
const P_SEGMENT_WILDCARD = 'segment-wildcard';
const P_FULL_WILDCARD = 'full-wildcard';

const M_NONE = '';
const M_OPTIONAL = '?';
const M_ZERO_OR_MORE = '*';
const M_ONE_OR_MORE = '+';

const FULL_WILDCARD_REGEXP_VALUE = '.*';

// https://urlpattern.spec.whatwg.org/#options
const DEFAULT_OPTIONS = { delimiter: '', prefix: '', ignoreCase: false };
const HOSTNAME_OPTIONS = { delimiter: '.', prefix: '', ignoreCase: false };
const PATHNAME_OPTIONS = { delimiter: '/', prefix: '/', ignoreCase: false };

function escapeWith(input, specials) {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    for (let j = 0; j < specials.length; j++) {
      if (specials[j] === ch) {
        out += '\\';
        break;
      }
    }
    out += ch;
  }
  return out;
}

// https://urlpattern.spec.whatwg.org/#escape-a-regexp-string
const escapeRegexpString = (input) => escapeWith(input, '.+*?^${}()[]|/\\');
// https://urlpattern.spec.whatwg.org/#escape-a-pattern-string
const escapePatternString = (input) => escapeWith(input, '+*?:{}()\\');

// https://urlpattern.spec.whatwg.org/#generate-a-segment-wildcard-regexp
const segmentWildcardRegexp = (options) => '[^' + escapeRegexpString(options.delimiter) + ']+?';

// https://urlpattern.spec.whatwg.org/#parse-a-pattern-string: the part list.
function parsePatternString(input, options, encodingCallback) {
  const tokens = tokenize(input, POLICY_STRICT);
  const parts = [];
  const segmentWildcard = segmentWildcardRegexp(options);
  let pendingFixedValue = '';
  let index = 0;
  let nextNumericName = 0;
  const names = new primordials.SafeSet();

  const tryConsume = (type) => {
    const token = tokens[index];
    if (token.type !== type) return null;
    index++;
    return token;
  };
  const tryConsumeModifier = () => tryConsume(T_OTHER_MODIFIER) ?? tryConsume(T_ASTERISK);
  const tryConsumeRegexpOrWildcard = (nameToken) => {
    const token = tryConsume(T_REGEXP);
    if (nameToken === null && token === null) return tryConsume(T_ASTERISK);
    return token;
  };
  const consumeRequired = (type) => {
    const token = tryConsume(type);
    if (token === null) {
      const found = tokens[index];
      throw new TypeError(`Invalid URL pattern '${input}': expected ${type} at ${found.index}, found ${found.type}`);
    }
    return token;
  };
  const consumeText = () => {
    let result = '';
    for (;;) {
      const token = tryConsume(T_CHAR) ?? tryConsume(T_ESCAPED_CHAR);
      if (token === null) return result;
      result += token.value;
    }
  };
  const maybeAddPartFromPendingFixedValue = () => {
    if (pendingFixedValue === '') return;
    const encoded = encodingCallback(pendingFixedValue);
    pendingFixedValue = '';
    ArrayPrototypePush(parts, { type: P_FIXED_TEXT, value: encoded, modifier: M_NONE, name: '', prefix: '', suffix: '' });
  };
  const addPart = (prefix, nameToken, regexpOrWildcardToken, suffix, modifierToken) => {
    const modifier = modifierToken === null ? M_NONE : modifierToken.value;
    if (nameToken === null && regexpOrWildcardToken === null && modifier === M_NONE) {
      pendingFixedValue += prefix;
      return;
    }
    maybeAddPartFromPendingFixedValue();
    if (nameToken === null && regexpOrWildcardToken === null) {
      if (prefix === '') return;
      ArrayPrototypePush(parts, {
        type: P_FIXED_TEXT, value: encodingCallback(prefix), modifier, name: '', prefix: '', suffix: '',
      });
      return;
    }
    let regexpValue;
    if (regexpOrWildcardToken === null) {
      regexpValue = segmentWildcard;
    } else if (regexpOrWildcardToken.type === T_ASTERISK) {
      regexpValue = FULL_WILDCARD_REGEXP_VALUE;
    } else {
      regexpValue = regexpOrWildcardToken.value;
    }
    let type = P_REGEXP;
    if (regexpValue === segmentWildcard) {
      type = P_SEGMENT_WILDCARD;
      regexpValue = '';
    } else if (regexpValue === FULL_WILDCARD_REGEXP_VALUE) {
      type = P_FULL_WILDCARD;
      regexpValue = '';
    }
    let name = '';
    if (nameToken !== null) {
      name = nameToken.value;
    } else {
      name = String(nextNumericName++);
    }
    if (names.has(name)) throw new TypeError(`Invalid URL pattern '${input}': duplicate group name '${name}'`);
    names.add(name);
    ArrayPrototypePush(parts, {
      type, value: regexpValue, modifier, name, prefix: encodingCallback(prefix), suffix: encodingCallback(suffix),
    });
  };

  while (index < tokens.length) {
    const charToken = tryConsume(T_CHAR);
    let nameToken = tryConsume(T_NAME);
    let regexpOrWildcardToken = tryConsumeRegexpOrWildcard(nameToken);
    if (nameToken !== null || regexpOrWildcardToken !== null) {
      let prefix = charToken === null ? '' : charToken.value;
      if (prefix !== '' && prefix !== options.prefix) {
        pendingFixedValue += prefix;
        prefix = '';
      }
      maybeAddPartFromPendingFixedValue();
      addPart(prefix, nameToken, regexpOrWildcardToken, '', tryConsumeModifier());
      continue;
    }
    const fixedToken = charToken ?? tryConsume(T_ESCAPED_CHAR);
    if (fixedToken !== null) {
      pendingFixedValue += fixedToken.value;
      continue;
    }
    if (tryConsume(T_OPEN) !== null) {
      const prefix = consumeText();
      nameToken = tryConsume(T_NAME);
      regexpOrWildcardToken = tryConsumeRegexpOrWildcard(nameToken);
      const suffix = consumeText();
      consumeRequired(T_CLOSE);
      addPart(prefix, nameToken, regexpOrWildcardToken, suffix, tryConsumeModifier());
      continue;
    }
    maybeAddPartFromPendingFixedValue();
    consumeRequired(T_END);
  }
  return parts;
}

// https://urlpattern.spec.whatwg.org/#generate-a-regular-expression-and-name-list
function generateRegexp(parts, options) {
  let result = '^';
  const names = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.type === P_FIXED_TEXT) {
      if (part.modifier === M_NONE) {
        result += escapeRegexpString(part.value);
      } else {
        result += '(?:' + escapeRegexpString(part.value) + ')' + part.modifier;
      }
      continue;
    }
    ArrayPrototypePush(names, part.name);
    let regexpValue = part.value;
    if (part.type === P_SEGMENT_WILDCARD) {
      regexpValue = segmentWildcardRegexp(options);
    } else if (part.type === P_FULL_WILDCARD) {
      regexpValue = FULL_WILDCARD_REGEXP_VALUE;
    }
    if (part.prefix === '' && part.suffix === '') {
      if (part.modifier === M_NONE || part.modifier === M_OPTIONAL) {
        result += '(' + regexpValue + ')' + part.modifier;
      } else {
        result += '((?:' + regexpValue + ')' + part.modifier + ')';
      }
      continue;
    }
    const prefix = escapeRegexpString(part.prefix);
    const suffix = escapeRegexpString(part.suffix);
    if (part.modifier === M_NONE || part.modifier === M_OPTIONAL) {
      result += '(?:' + prefix + '(' + regexpValue + ')' + suffix + ')' + part.modifier;
      continue;
    }
    result += '(?:' + prefix + '((?:' + regexpValue + ')(?:' + suffix + prefix + '(?:' + regexpValue + '))*)' +
      suffix + ')';
    if (part.modifier === M_ZERO_OR_MORE) result += '?';
  }
  return { regexp: result + '$', names };
}

const isAsciiDigitChar = (s) => s !== undefined && s >= '0' && s <= '9' && s.length === 1;

function firstCodePoint(s) {
  const c = StringPrototypeCodePointAt(s, 0);
  return c === undefined ? '' : primordials.StringFromCodePoint(c);
}

// https://urlpattern.spec.whatwg.org/#generate-a-pattern-string
function generatePatternString(parts, options) {
  let result = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const previous = i > 0 ? parts[i - 1] : null;
    const next = i < parts.length - 1 ? parts[i + 1] : null;
    if (part.type === P_FIXED_TEXT) {
      if (part.modifier === M_NONE) {
        result += escapePatternString(part.value);
      } else {
        result += '{' + escapePatternString(part.value) + '}' + part.modifier;
      }
      continue;
    }
    const customName = !isAsciiDigitChar(part.name[0]);
    let needsGrouping = part.suffix !== '' || (part.prefix !== '' && part.prefix !== options.prefix);
    if (!needsGrouping && customName && part.type === P_SEGMENT_WILDCARD && part.modifier === M_NONE &&
        next !== null && next.prefix === '' && next.suffix === '') {
      if (next.type === P_FIXED_TEXT) {
        const cp = firstCodePoint(next.value);
        needsGrouping = cp !== '' && isValidNameCodePoint(cp, false);
      } else {
        needsGrouping = isAsciiDigitChar(next.name[0]);
      }
    }
    if (!needsGrouping && part.prefix === '' && previous !== null && previous.type === P_FIXED_TEXT &&
        previous.value !== '' && previous.value[previous.value.length - 1] === options.prefix) {
      needsGrouping = true;
    }
    if (needsGrouping) result += '{';
    result += escapePatternString(part.prefix);
    if (customName) result += ':' + part.name;
    if (part.type === P_REGEXP) {
      result += '(' + part.value + ')';
    } else if (part.type === P_SEGMENT_WILDCARD && !customName) {
      result += '(' + segmentWildcardRegexp(options) + ')';
    } else if (part.type === P_FULL_WILDCARD) {
      if (!customName && (previous === null || previous.type === P_FIXED_TEXT || previous.modifier !== M_NONE ||
          needsGrouping || part.prefix !== '')) {
        result += '*';
      } else {
        result += '(' + FULL_WILDCARD_REGEXP_VALUE + ')';
      }
    }
    if (part.type === P_SEGMENT_WILDCARD && customName && part.suffix !== '' &&
        isValidNameCodePoint(firstCodePoint(part.suffix), false)) {
      result += '\\';
    }
    result += escapePatternString(part.suffix);
    if (needsGrouping) result += '}';
    result += part.modifier;
  }
  return result;
}

// https://urlpattern.spec.whatwg.org/#compile-a-component
function compileComponent(input, encodingCallback, options) {
  const parts = parsePatternString(input, options, encodingCallback);
  const { regexp: regexpString, names } = generateRegexp(parts, options);
  let regexp;
  try {
    // The standard's flags are "v" (Unicode sets: [a-z--a], [\d&&[0-1]] in a regexp group) and "vi".
    regexp = new RegExp(regexpString, options.ignoreCase ? 'vi' : 'v');
  } catch (e) {
    throw new TypeError(`Invalid URL pattern '${input}': ${e.message}`);
  }
  let hasRegExpGroups = false;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].type === P_REGEXP) hasRegExpGroups = true;
  }
  return { patternString: generatePatternString(parts, options), regexp, names, hasRegExpGroups };
}

// --- Canonicalization (https://urlpattern.spec.whatwg.org/#canon-encoding-callbacks) -----------------

const DUMMY_URL = basicURLParse('https://dummy.invalid/');
const newDummyURL = () => cloneRecord(DUMMY_URL);

function canonicalizeProtocol(value) {
  if (value === '') return value;
  const parsed = basicURLParse(value + '://dummy.invalid/');
  if (parsed === FAILURE) throw new TypeError(`Invalid protocol '${value}'`);
  return parsed.scheme;
}

// Setting the username or password of a URL is percent-encoding with the userinfo set.
const canonicalizeUsername = (value) => percentEncodeString(value, sets.USERINFO_SET);
const canonicalizePassword = canonicalizeUsername;

// A forbidden host code point (https://url.spec.whatwg.org/#forbidden-host-code-point), or one the
// parser strips (tab, newline), would be cut off or dropped by the hostname state; a pattern
// or input with one is an error (WPT's urlpatterntestdata.json: "bad#hostname", "bad\nhostname").
// An IPv6 address keeps its brackets and colons.
function hasForbiddenHostCodePoint(value) {
  const ipv6 = value[0] === '[';
  if (ipv6 && value[value.length - 1] !== ']') return true;
  for (let i = ipv6 ? 1 : 0; i < (ipv6 ? value.length - 1 : value.length); i++) {
    const c = StringPrototypeCharCodeAt(value, i);
    if (ipv6 && c === 0x3a) continue;
    switch (c) {
      case 0x00: case 0x09: case 0x0a: case 0x0d: case 0x20: case 0x23: case 0x2f: case 0x3a: case 0x3c:
      case 0x3e: case 0x3f: case 0x40: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x7c:
        return true;
      default:
    }
  }
  return false;
}

function canonicalizeHostname(value) {
  if (value === '') return value;
  if (hasForbiddenHostCodePoint(value)) throw new TypeError(`Invalid hostname '${value}'`);
  const url = newDummyURL();
  if (basicURLParse(value, null, url, S.HOSTNAME) === FAILURE) throw new TypeError(`Invalid hostname '${value}'`);
  return url.host ?? '';
}

// https://urlpattern.spec.whatwg.org/#canonicalize-an-ipv6-hostname
function canonicalizeIPv6Hostname(value) {
  let result = '';
  for (let i = 0; i < value.length; i++) {
    const c = StringPrototypeCharCodeAt(value, i);
    const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
    if (!hex && c !== 0x5b && c !== 0x5d && c !== 0x3a) throw new TypeError(`Invalid IPv6 hostname '${value}'`);
    result += StringPrototypeToLowerCase(value[i]);
  }
  return result;
}

// https://urlpattern.spec.whatwg.org/#canonicalize-a-port. Without a protocol the dummy URL has no
// scheme, so no port is taken for a default one: the dummy "https" would drop 443 from a pattern
// that names no protocol (Chromium keeps it too).
function canonicalizePort(value, protocol = undefined) {
  if (value === '') return value;
  // The port state with a state override stops at the first non-digit and keeps what came before
  // ("80 " would be 80); a port pattern or input is digits only (WPT: { port: "80 " } is an error).
  for (let i = 0; i < value.length; i++) {
    const c = StringPrototypeCharCodeAt(value, i);
    if (c < 0x30 || c > 0x39) throw new TypeError(`Invalid port '${value}'`);
  }
  const url = newDummyURL();
  url.scheme = protocol === undefined ? '' : protocol;
  if (basicURLParse(value, null, url, S.PORT) === FAILURE) throw new TypeError(`Invalid port '${value}'`);
  return url.port === null ? '' : String(url.port);
}

function canonicalizePathname(value) {
  if (value === '') return value;
  const leadingSlash = value[0] === '/';
  const url = newDummyURL();
  url.path = [];
  if (basicURLParse(leadingSlash ? value : '/-' + value, null, url, S.PATH_START) === FAILURE) {
    throw new TypeError(`Invalid pathname '${value}'`);
  }
  const result = serializePath(url);
  return leadingSlash ? result : StringPrototypeSlice(result, 2);
}

function canonicalizeOpaquePathname(value) {
  if (value === '') return value;
  const url = newDummyURL();
  url.path = '';
  if (basicURLParse(value, null, url, S.OPAQUE_PATH) === FAILURE) throw new TypeError(`Invalid pathname '${value}'`);
  return url.path;
}

function canonicalizeSearch(value) {
  if (value === '') return value;
  const url = newDummyURL();
  url.query = '';
  if (basicURLParse(value, null, url, S.QUERY) === FAILURE) throw new TypeError(`Invalid search '${value}'`);
  return url.query;
}

function canonicalizeHash(value) {
  if (value === '') return value;
  const url = newDummyURL();
  url.fragment = '';
  if (basicURLParse(value, null, url, S.FRAGMENT) === FAILURE) throw new TypeError(`Invalid hash '${value}'`);
  return url.fragment;
}

// --- URLPatternInit processing (https://urlpattern.spec.whatwg.org/#process-a-urlpatterninit) ---------

const COMPONENTS = ['protocol', 'username', 'password', 'hostname', 'port', 'pathname', 'search', 'hash'];

const has = (init, key) => init[key] !== undefined;

// https://urlpattern.spec.whatwg.org/#is-an-absolute-pathname
function isAbsolutePathname(input, type) {
  if (input === '') return false;
  if (input[0] === '/') return true;
  if (type === 'url') return false;
  if (input.length < 2) return false;
  return (input[0] === '\\' || input[0] === '{') && input[1] === '/';
}

const processBaseURLString = (input, type) => (type !== 'pattern' ? input : escapePatternString(input));

function processPathnameForInit(value, protocol, type) {
  if (type === 'pattern') return value;
  if (protocol === undefined || protocol === '' || isSpecialScheme(protocol)) return canonicalizePathname(value);
  return canonicalizeOpaquePathname(value);
}

// `type` is 'pattern' or 'url'. For 'url' every component starts as the empty string; for
// 'pattern' they start absent.
function processInit(init, type) {
  const result = ObjectCreate(null);
  if (type === 'url') {
    for (let i = 0; i < COMPONENTS.length; i++) result[COMPONENTS[i]] = '';
  }
  let baseURL = null;
  if (has(init, 'baseURL')) {
    baseURL = basicURLParse(init.baseURL);
    if (baseURL === FAILURE) throw new TypeError(`Invalid base URL '${init.baseURL}'`);
    const p = has(init, 'protocol');
    const h = p || has(init, 'hostname');
    const po = h || has(init, 'port');
    if (!p) result.protocol = processBaseURLString(baseURL.scheme, type);
    if (type !== 'pattern' && !po && !has(init, 'username')) {
      result.username = processBaseURLString(baseURL.username, type);
    }
    if (type !== 'pattern' && !po && !has(init, 'username') && !has(init, 'password')) {
      result.password = processBaseURLString(baseURL.password, type);
    }
    if (!h) result.hostname = processBaseURLString(baseURL.host ?? '', type);
    if (!po) result.port = baseURL.port === null ? '' : String(baseURL.port);
    const pa = po || has(init, 'pathname');
    if (!pa) result.pathname = processBaseURLString(serializePath(baseURL), type);
    const s = pa || has(init, 'search');
    if (!s) result.search = processBaseURLString(baseURL.query ?? '', type);
    if (!s && !has(init, 'hash')) result.hash = processBaseURLString(baseURL.fragment ?? '', type);
  }
  if (has(init, 'protocol')) {
    let value = init.protocol;
    if (value !== '' && value[value.length - 1] === ':') value = StringPrototypeSlice(value, 0, -1);
    result.protocol = type === 'pattern' ? value : canonicalizeProtocol(value);
  }
  if (has(init, 'username')) {
    result.username = type === 'pattern' ? init.username : canonicalizeUsername(init.username);
  }
  if (has(init, 'password')) {
    result.password = type === 'pattern' ? init.password : canonicalizePassword(init.password);
  }
  if (has(init, 'hostname')) {
    result.hostname = type === 'pattern' ? init.hostname : canonicalizeHostname(init.hostname);
  }
  if (has(init, 'port')) {
    result.port = type === 'pattern' ? init.port : canonicalizePort(init.port, result.protocol);
  }
  if (has(init, 'pathname')) {
    let pathname = init.pathname;
    if (baseURL !== null && !hasOpaquePath(baseURL) && !isAbsolutePathname(pathname, type)) {
      const basePath = processBaseURLString(serializePath(baseURL), type);
      const slash = StringPrototypeLastIndexOf(basePath, '/');
      if (slash !== -1) pathname = StringPrototypeSlice(basePath, 0, slash + 1) + pathname;
    }
    result.pathname = processPathnameForInit(pathname, result.protocol, type);
  }
  if (has(init, 'search')) {
    let value = init.search;
    if (value[0] === '?') value = StringPrototypeSlice(value, 1);
    result.search = type === 'pattern' ? value : canonicalizeSearch(value);
  }
  if (has(init, 'hash')) {
    let value = init.hash;
    if (value[0] === '#') value = StringPrototypeSlice(value, 1);
    result.hash = type === 'pattern' ? value : canonicalizeHash(value);
  }
  return result;
}

// --- The constructor string parser (https://urlpattern.spec.whatwg.org/#constructor-string-parsing) ---

const ST_INIT = 'init';
const ST_PROTOCOL = 'protocol';
const ST_AUTHORITY = 'authority';
const ST_USERNAME = 'username';
const ST_PASSWORD = 'password';
const ST_HOSTNAME = 'hostname';
const ST_PORT = 'port';
const ST_PATHNAME = 'pathname';
const ST_SEARCH = 'search';
const ST_HASH = 'hash';
const ST_DONE = 'done';

// https://urlpattern.spec.whatwg.org/#protocol-component-matches-a-special-scheme
function protocolComponentMatchesSpecialScheme(component) {
  const schemes = ['ftp', 'file', 'http', 'https', 'ws', 'wss'];
  for (let i = 0; i < schemes.length; i++) {
    if (RegExpPrototypeExec(component.regexp, schemes[i]) !== null) return true;
  }
  return false;
}

// https://urlpattern.spec.whatwg.org/#parse-a-constructor-string
function parseConstructorString(input) {
  const tokens = tokenize(input, POLICY_LENIENT);
  const result = ObjectCreate(null);
  let componentStart = 0;
  let tokenIndex = 0;
  let tokenIncrement = 1;
  let groupDepth = 0;
  let ipv6BracketDepth = 0;
  let protocolMatchesSpecialScheme = false;
  let state = ST_INIT;

  const safeToken = (i) => (i < tokens.length ? tokens[i] : tokens[tokens.length - 1]);
  const isNonSpecialPatternChar = (i, value) => {
    const token = safeToken(i);
    return token.value === value &&
      (token.type === T_CHAR || token.type === T_ESCAPED_CHAR || token.type === T_INVALID_CHAR);
  };
  const isSearchPrefix = () => {
    if (isNonSpecialPatternChar(tokenIndex, '?')) return true;
    if (tokens[tokenIndex].value !== '?') return false;
    if (tokenIndex - 1 < 0) return true;
    const previous = safeToken(tokenIndex - 1);
    return !(previous.type === T_NAME || previous.type === T_REGEXP || previous.type === T_CLOSE ||
      previous.type === T_ASTERISK);
  };
  const makeComponentString = () =>
    StringPrototypeSlice(input, safeToken(componentStart).index, tokens[tokenIndex].index);
  const rewind = () => {
    tokenIndex = componentStart;
    tokenIncrement = 0;
  };
  const rewindAndSetState = (newState) => {
    rewind();
    state = newState;
  };
  const changeState = (newState, skip) => {
    if (state !== ST_INIT && state !== ST_AUTHORITY && state !== ST_DONE) result[state] = makeComponentString();
    if (state !== ST_INIT && newState !== ST_DONE) {
      const beforeHostname = state === ST_PROTOCOL || state === ST_AUTHORITY || state === ST_USERNAME ||
        state === ST_PASSWORD;
      const beforePathname = beforeHostname || state === ST_HOSTNAME || state === ST_PORT;
      if (beforeHostname && (newState === ST_PORT || newState === ST_PATHNAME || newState === ST_SEARCH ||
          newState === ST_HASH) && result.hostname === undefined) {
        result.hostname = '';
      }
      if (beforePathname && (newState === ST_SEARCH || newState === ST_HASH) && result.pathname === undefined) {
        result.pathname = protocolMatchesSpecialScheme ? '/' : '';
      }
      if ((beforePathname || state === ST_PATHNAME) && newState === ST_HASH && result.search === undefined) {
        result.search = '';
      }
    }
    state = newState;
    tokenIndex += skip;
    componentStart = tokenIndex;
    tokenIncrement = 0;
  };

  while (tokenIndex < tokens.length) {
    tokenIncrement = 1;
    const token = tokens[tokenIndex];
    if (token.type === T_END) {
      if (state === ST_INIT) {
        rewind();
        if (isNonSpecialPatternChar(tokenIndex, '#')) {
          changeState(ST_HASH, 1);
        } else if (isSearchPrefix()) {
          changeState(ST_SEARCH, 1);
        } else {
          changeState(ST_PATHNAME, 0);
        }
        tokenIndex += tokenIncrement;
        continue;
      }
      if (state === ST_AUTHORITY) {
        rewindAndSetState(ST_HOSTNAME);
        tokenIndex += tokenIncrement;
        continue;
      }
      changeState(ST_DONE, 0);
      break;
    }
    if (token.type === T_OPEN) {
      groupDepth++;
      tokenIndex += tokenIncrement;
      continue;
    }
    if (groupDepth > 0) {
      if (token.type === T_CLOSE) {
        groupDepth--;
      } else {
        tokenIndex += tokenIncrement;
        continue;
      }
    }
    switch (state) {
      case ST_INIT:
        if (isNonSpecialPatternChar(tokenIndex, ':')) rewindAndSetState(ST_PROTOCOL);
        break;
      case ST_PROTOCOL:
        if (isNonSpecialPatternChar(tokenIndex, ':')) {
          const protocolComponent = compileComponent(makeComponentString(), canonicalizeProtocol, DEFAULT_OPTIONS);
          if (protocolComponentMatchesSpecialScheme(protocolComponent)) protocolMatchesSpecialScheme = true;
          let nextState = ST_PATHNAME;
          let skip = 1;
          if (isNonSpecialPatternChar(tokenIndex + 1, '/') && isNonSpecialPatternChar(tokenIndex + 2, '/')) {
            nextState = ST_AUTHORITY;
            skip = 3;
          } else if (protocolMatchesSpecialScheme) {
            nextState = ST_AUTHORITY;
          }
          changeState(nextState, skip);
        }
        break;
      case ST_AUTHORITY:
        if (isNonSpecialPatternChar(tokenIndex, '@')) {
          rewindAndSetState(ST_USERNAME);
        } else if (isNonSpecialPatternChar(tokenIndex, '/') || isSearchPrefix() ||
                   isNonSpecialPatternChar(tokenIndex, '#')) {
          rewindAndSetState(ST_HOSTNAME);
        }
        break;
      case ST_USERNAME:
        if (isNonSpecialPatternChar(tokenIndex, ':')) {
          changeState(ST_PASSWORD, 1);
        } else if (isNonSpecialPatternChar(tokenIndex, '@')) {
          changeState(ST_HOSTNAME, 1);
        }
        break;
      case ST_PASSWORD:
        if (isNonSpecialPatternChar(tokenIndex, '@')) changeState(ST_HOSTNAME, 1);
        break;
      case ST_HOSTNAME:
        if (isNonSpecialPatternChar(tokenIndex, '[')) {
          ipv6BracketDepth++;
        } else if (isNonSpecialPatternChar(tokenIndex, ']')) {
          ipv6BracketDepth--;
        } else if (isNonSpecialPatternChar(tokenIndex, ':') && ipv6BracketDepth === 0) {
          changeState(ST_PORT, 1);
        } else if (isNonSpecialPatternChar(tokenIndex, '/')) {
          changeState(ST_PATHNAME, 0);
        } else if (isSearchPrefix()) {
          changeState(ST_SEARCH, 1);
        } else if (isNonSpecialPatternChar(tokenIndex, '#')) {
          changeState(ST_HASH, 1);
        }
        break;
      case ST_PORT:
        if (isNonSpecialPatternChar(tokenIndex, '/')) {
          changeState(ST_PATHNAME, 0);
        } else if (isSearchPrefix()) {
          changeState(ST_SEARCH, 1);
        } else if (isNonSpecialPatternChar(tokenIndex, '#')) {
          changeState(ST_HASH, 1);
        }
        break;
      case ST_PATHNAME:
        if (isSearchPrefix()) {
          changeState(ST_SEARCH, 1);
        } else if (isNonSpecialPatternChar(tokenIndex, '#')) {
          changeState(ST_HASH, 1);
        }
        break;
      case ST_SEARCH:
        if (isNonSpecialPatternChar(tokenIndex, '#')) changeState(ST_HASH, 1);
        break;
      default:
        break;
    }
    tokenIndex += tokenIncrement;
  }
  if (result.hostname !== undefined && result.port === undefined) result.port = '';
  return result;
}

// --- URLPattern (https://urlpattern.spec.whatwg.org/#urlpattern-class) --------------------------------

const convertInit = webidl.createDictionaryConverter('URLPatternInit', [
  { key: 'protocol', converter: webidl.converters.USVString },
  { key: 'username', converter: webidl.converters.USVString },
  { key: 'password', converter: webidl.converters.USVString },
  { key: 'hostname', converter: webidl.converters.USVString },
  { key: 'port', converter: webidl.converters.USVString },
  { key: 'pathname', converter: webidl.converters.USVString },
  { key: 'search', converter: webidl.converters.USVString },
  { key: 'hash', converter: webidl.converters.USVString },
  { key: 'baseURL', converter: webidl.converters.USVString },
]);

const convertOptions = webidl.createDictionaryConverter('URLPatternOptions', [
  { key: 'ignoreCase', converter: webidl.converters.boolean, defaultValue: false },
]);

const isDictionaryValue = (V) => V === undefined || V === null || typeof V === 'object' || typeof V === 'function';

// URLPatternInput: (USVString or URLPatternInit), as Web IDL's union conversion picks.
function convertInput(V, prefix, context) {
  return isDictionaryValue(V) ? convertInit(V, prefix, context) : webidl.converters.USVString(V, prefix, context);
}

// The dictionary as script sees it in `inputs`: an ordinary object, members in Web IDL's
// (lexicographic) order.
function initToObject(init) {
  const out = {};
  const keys = ['baseURL', 'hash', 'hostname', 'password', 'pathname', 'port', 'protocol', 'search', 'username'];
  for (let i = 0; i < keys.length; i++) {
    if (init[keys[i]] !== undefined) out[keys[i]] = init[keys[i]];
  }
  return out;
}

let getComponents;

class URLPattern {
  #components;

  // https://urlpattern.spec.whatwg.org/#dom-urlpattern-urlpattern, both overloads: (input, baseURL,
  // options) when a second argument is a string or there are three, else (input, options).
  constructor(input = undefined, baseURLOrOptions = undefined, options = undefined) {
    const prefix = "Failed to construct 'URLPattern'";
    let baseURL;
    if (arguments.length >= 3 || !isDictionaryValue(baseURLOrOptions)) {
      input = convertInput(input, prefix, 'Argument 1');
      baseURL = webidl.converters.USVString(baseURLOrOptions, prefix, 'Argument 2');
      options = convertOptions(options, prefix, 'Argument 3');
    } else {
      input = convertInput(input, prefix, 'Argument 1');
      options = convertOptions(baseURLOrOptions, prefix, 'Argument 2');
    }
    this.#components = createComponents(input, baseURL, options, prefix);
  }

  static {
    getComponents = (pattern) => pattern.#components;
  }

  get protocol() {
    return checkPattern(this).protocol.patternString;
  }

  get username() {
    return checkPattern(this).username.patternString;
  }

  get password() {
    return checkPattern(this).password.patternString;
  }

  get hostname() {
    return checkPattern(this).hostname.patternString;
  }

  get port() {
    return checkPattern(this).port.patternString;
  }

  get pathname() {
    return checkPattern(this).pathname.patternString;
  }

  get search() {
    return checkPattern(this).search.patternString;
  }

  get hash() {
    return checkPattern(this).hash.patternString;
  }

  // https://urlpattern.spec.whatwg.org/#dom-urlpattern-hasregexpgroups
  get hasRegExpGroups() {
    const components = checkPattern(this);
    for (let i = 0; i < COMPONENTS.length; i++) {
      if (components[COMPONENTS[i]].hasRegExpGroups) return true;
    }
    return false;
  }

  // https://urlpattern.spec.whatwg.org/#dom-urlpattern-test
  test(input = undefined, baseURL = undefined) {
    const components = checkPattern(this);
    const prefix = "Failed to execute 'test' on 'URLPattern'";
    input = convertInput(input, prefix, 'Argument 1');
    if (baseURL !== undefined) baseURL = webidl.converters.USVString(baseURL, prefix, 'Argument 2');
    return match(components, input, baseURL) !== null;
  }

  // https://urlpattern.spec.whatwg.org/#dom-urlpattern-exec
  exec(input = undefined, baseURL = undefined) {
    const components = checkPattern(this);
    const prefix = "Failed to execute 'exec' on 'URLPattern'";
    input = convertInput(input, prefix, 'Argument 1');
    if (baseURL !== undefined) baseURL = webidl.converters.USVString(baseURL, prefix, 'Argument 2');
    return match(components, input, baseURL);
  }
}

function checkPattern(value) {
  let components;
  try {
    components = getComponents(value);
  } catch {
    throw new TypeError('Illegal invocation: not a URLPattern');
  }
  return components;
}

// https://urlpattern.spec.whatwg.org/#hostname-pattern-is-an-ipv6-address
function hostnamePatternIsIPv6(input) {
  if (input.length < 2) return false;
  return input[0] === '[' || ((input[0] === '{' || input[0] === '\\') && input[1] === '[');
}

// https://urlpattern.spec.whatwg.org/#url-pattern-create
function createComponents(input, baseURL, options, prefix) {
  let init;
  if (typeof input === 'string') {
    init = parseConstructorString(input);
    if (baseURL === undefined && init.protocol === undefined) {
      throw new TypeError(`${prefix}: a relative pattern '${input}' needs a base URL`);
    }
    if (baseURL !== undefined) init.baseURL = baseURL;
  } else {
    if (baseURL !== undefined) {
      throw new TypeError(`${prefix}: a base URL is only allowed with a string pattern`);
    }
    init = input;
  }
  const processed = processInit(init, 'pattern');
  for (let i = 0; i < COMPONENTS.length; i++) {
    if (processed[COMPONENTS[i]] === undefined) processed[COMPONENTS[i]] = '*';
  }
  if (isSpecialScheme(processed.protocol) && processed.port === String(defaultPort(processed.protocol))) {
    processed.port = '';
  }
  const components = ObjectCreate(null);
  components.protocol = compileComponent(processed.protocol, canonicalizeProtocol, DEFAULT_OPTIONS);
  components.username = compileComponent(processed.username, canonicalizeUsername, DEFAULT_OPTIONS);
  components.password = compileComponent(processed.password, canonicalizePassword, DEFAULT_OPTIONS);
  components.hostname = hostnamePatternIsIPv6(processed.hostname)
    ? compileComponent(processed.hostname, canonicalizeIPv6Hostname, HOSTNAME_OPTIONS)
    : compileComponent(processed.hostname, canonicalizeHostname, HOSTNAME_OPTIONS);
  components.port = compileComponent(processed.port, canonicalizePort, DEFAULT_OPTIONS);
  const ignoreCase = options.ignoreCase;
  const compileOptions = { delimiter: '', prefix: '', ignoreCase };
  components.pathname = protocolComponentMatchesSpecialScheme(components.protocol)
    ? compileComponent(processed.pathname, canonicalizePathname, { delimiter: '/', prefix: '/', ignoreCase })
    : compileComponent(processed.pathname, canonicalizeOpaquePathname, compileOptions);
  components.search = compileComponent(processed.search, canonicalizeSearch, compileOptions);
  components.hash = compileComponent(processed.hash, canonicalizeHash, compileOptions);
  return components;
}

// https://urlpattern.spec.whatwg.org/#url-pattern-match: a URLPatternResult, or null.
function match(components, input, baseURLString) {
  let values;
  const inputs = [];
  if (typeof input !== 'string') {
    ArrayPrototypePush(inputs, initToObject(input));
    if (baseURLString !== undefined) {
      throw new TypeError("Failed to execute 'exec' on 'URLPattern': a base URL is only allowed with a string input");
    }
    try {
      values = processInit(input, 'url');
    } catch {
      return null;
    }
  } else {
    ArrayPrototypePush(inputs, input);
    let base = null;
    if (baseURLString !== undefined) {
      base = basicURLParse(baseURLString);
      if (base === FAILURE) return null;
      ArrayPrototypePush(inputs, baseURLString);
    }
    const url = basicURLParse(input, base);
    if (url === FAILURE) return null;
    values = {
      protocol: url.scheme,
      username: url.username,
      password: url.password,
      hostname: url.host ?? '',
      port: url.port === null ? '' : String(url.port),
      pathname: serializePath(url),
      search: url.query ?? '',
      hash: url.fragment ?? '',
    };
  }
  const execResults = [];
  for (let i = 0; i < COMPONENTS.length; i++) {
    const execResult = RegExpPrototypeExec(components[COMPONENTS[i]].regexp, values[COMPONENTS[i]]);
    if (execResult === null) return null;
    ArrayPrototypePush(execResults, execResult);
  }
  const result = { inputs };
  for (let i = 0; i < COMPONENTS.length; i++) {
    const name = COMPONENTS[i];
    const component = components[name];
    const execResult = execResults[i];
    // https://urlpattern.spec.whatwg.org/#create-a-component-match-result: an unmatched group is
    // undefined.
    const groups = {};
    for (let j = 1; j < execResult.length; j++) {
      ObjectDefineProperty(groups, component.names[j - 1], {
        value: execResult[j], writable: true, enumerable: true, configurable: true,
      });
    }
    result[name] = { input: values[name], groups };
  }
  return result;
}

webidl.configureInterface(URLPattern);
webidl.exposeInterface('URLPattern', URLPattern);

internals.url.URLPattern = URLPattern;
