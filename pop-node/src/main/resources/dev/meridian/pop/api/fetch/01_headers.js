// Headers (https://fetch.spec.whatwg.org/#headers-class), with its guards, getSetCookie() and the
// sorted, combined iteration of https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine.
//
// A header list is an array of [name, value] pairs, names as given (matching is case-insensitive).
// A worker is a server-side context: there are no forbidden request or response header names
// (as in Deno and workerd); the guards still make headers immutable where the standard says so.
'use strict';

const {
  ArrayPrototypePush,
  ArrayPrototypeSort,
  ArrayPrototypeSplice,
  StringPrototypeCharCodeAt,
  SymbolIterator,
  TypeError,
} = primordials;
const webidl = internals.webidl;
const { isHTTPToken, isHTTPWhitespace } = internals.mimesniff;

// Lower-cases ASCII letters only (https://infra.spec.whatwg.org/#byte-lowercase); header names are
// byte strings, so String.prototype.toLowerCase would touch the upper half of Latin-1 too.
function byteLowercase(s) {
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c >= 0x41 && c <= 0x5a) {
      let out = '';
      for (let j = 0; j < s.length; j++) {
        const d = StringPrototypeCharCodeAt(s, j);
        out += (d >= 0x41 && d <= 0x5a) ? primordials.StringFromCharCode(d + 0x20) : s[j];
      }
      return out;
    }
  }
  return s;
}

// https://fetch.spec.whatwg.org/#concept-header-value-normalize
function normalizeHeaderValue(value) {
  let start = 0;
  let end = value.length;
  while (start < end && isHTTPWhitespace(StringPrototypeCharCodeAt(value, start))) start++;
  while (end > start && isHTTPWhitespace(StringPrototypeCharCodeAt(value, end - 1))) end--;
  return start === 0 && end === value.length ? value : primordials.StringPrototypeSlice(value, start, end);
}

// https://fetch.spec.whatwg.org/#header-value
function isValidHeaderValue(value) {
  for (let i = 0; i < value.length; i++) {
    const c = StringPrototypeCharCodeAt(value, i);
    if (c === 0x00 || c === 0x0a || c === 0x0d) return false;
  }
  return true;
}

// https://fetch.spec.whatwg.org/#concept-header-name
const isValidHeaderName = isHTTPToken;

// --- Header list algorithms (https://fetch.spec.whatwg.org/#concept-header-list) ---------------------

function listContains(list, name) {
  const lower = byteLowercase(name);
  for (let i = 0; i < list.length; i++) {
    if (byteLowercase(list[i][0]) === lower) return true;
  }
  return false;
}

// https://fetch.spec.whatwg.org/#concept-header-list-get
function listGet(list, name) {
  const lower = byteLowercase(name);
  let value = null;
  for (let i = 0; i < list.length; i++) {
    if (byteLowercase(list[i][0]) === lower) {
      value = value === null ? list[i][1] : value + ', ' + list[i][1];
    }
  }
  return value;
}

// https://fetch.spec.whatwg.org/#concept-header-list-append: the name keeps the case of the first
// header of that name.
function listAppend(list, name, value) {
  const lower = byteLowercase(name);
  for (let i = 0; i < list.length; i++) {
    if (byteLowercase(list[i][0]) === lower) {
      name = list[i][0];
      break;
    }
  }
  ArrayPrototypePush(list, [name, value]);
}

// https://fetch.spec.whatwg.org/#concept-header-list-delete
function listDelete(list, name) {
  const lower = byteLowercase(name);
  for (let i = list.length - 1; i >= 0; i--) {
    if (byteLowercase(list[i][0]) === lower) ArrayPrototypeSplice(list, i, 1);
  }
}

// https://fetch.spec.whatwg.org/#concept-header-list-set
function listSet(list, name, value) {
  const lower = byteLowercase(name);
  let found = -1;
  for (let i = 0; i < list.length; i++) {
    if (byteLowercase(list[i][0]) !== lower) continue;
    if (found === -1) {
      found = i;
      list[i][1] = value;
    } else {
      ArrayPrototypeSplice(list, i, 1);
      i--;
    }
  }
  if (found === -1) ArrayPrototypePush(list, [name, value]);
}

// https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine
function sortAndCombine(list) {
  const headers = [];
  const names = [];
  const seen = new primordials.SafeSet();
  for (let i = 0; i < list.length; i++) {
    const lower = byteLowercase(list[i][0]);
    if (!seen.has(lower)) {
      seen.add(lower);
      ArrayPrototypePush(names, lower);
    }
  }
  ArrayPrototypeSort(names, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name === 'set-cookie') {
      for (let j = 0; j < list.length; j++) {
        if (byteLowercase(list[j][0]) === 'set-cookie') ArrayPrototypePush(headers, [name, list[j][1]]);
      }
    } else {
      ArrayPrototypePush(headers, [name, listGet(list, name)]);
    }
  }
  return headers;
}

// --- Headers ----------------------------------------------------------------------------------------

const convertHeaderPairs = webidl.createSequenceConverter(webidl.createSequenceConverter(webidl.converters.ByteString));
const convertHeaderRecord = webidl.createRecordConverter(webidl.converters.ByteString, webidl.converters.ByteString);

// HeadersInit: (sequence<sequence<ByteString>> or record<ByteString, ByteString>).
function convertHeadersInit(init, prefix, context) {
  if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
    throw new TypeError(`${prefix}: ${context} is not a sequence or a record.`);
  }
  if (init[SymbolIterator] !== undefined) return convertHeaderPairs(init, prefix, context);
  const record = convertHeaderRecord(init, prefix, context);
  const pairs = [];
  for (const name in record) ArrayPrototypePush(pairs, [name, record[name]]);
  return pairs;
}

let headersOf;

class Headers {
  #h;

  // https://fetch.spec.whatwg.org/#dom-headers
  constructor(init = undefined) {
    const prefix = "Failed to construct 'Headers'";
    // { list, guard, sorted: cached sort-and-combine result or null }
    this.#h = { list: [], guard: 'none', sorted: null };
    if (init !== undefined) fillHeaders(this.#h, convertHeadersInit(init, prefix, 'Argument 1'));
  }

  // https://fetch.spec.whatwg.org/#dom-headers-append
  append(name, value) {
    const h = check(this);
    const prefix = "Failed to execute 'append' on 'Headers'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    name = webidl.converters.ByteString(name, prefix, 'Argument 1');
    value = webidl.converters.ByteString(value, prefix, 'Argument 2');
    appendHeader(h, name, value);
  }

  // https://fetch.spec.whatwg.org/#dom-headers-delete
  delete(name) {
    const h = check(this);
    const prefix = "Failed to execute 'delete' on 'Headers'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = webidl.converters.ByteString(name, prefix, 'Argument 1');
    if (!isValidHeaderName(name)) throw new TypeError(`${prefix}: '${name}' is not a valid header name.`);
    if (h.guard === 'immutable') throw new TypeError(`${prefix}: The headers are immutable.`);
    if (!listContains(h.list, name)) return;
    listDelete(h.list, name);
    h.sorted = null;
  }

  // https://fetch.spec.whatwg.org/#dom-headers-get
  get(name) {
    const h = check(this);
    const prefix = "Failed to execute 'get' on 'Headers'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = webidl.converters.ByteString(name, prefix, 'Argument 1');
    if (!isValidHeaderName(name)) throw new TypeError(`${prefix}: '${name}' is not a valid header name.`);
    return listGet(h.list, name);
  }

  // https://fetch.spec.whatwg.org/#dom-headers-getsetcookie
  getSetCookie() {
    const h = check(this);
    const values = [];
    const list = h.list;
    for (let i = 0; i < list.length; i++) {
      if (byteLowercase(list[i][0]) === 'set-cookie') ArrayPrototypePush(values, list[i][1]);
    }
    return values;
  }

  // https://fetch.spec.whatwg.org/#dom-headers-has
  has(name) {
    const h = check(this);
    const prefix = "Failed to execute 'has' on 'Headers'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = webidl.converters.ByteString(name, prefix, 'Argument 1');
    if (!isValidHeaderName(name)) throw new TypeError(`${prefix}: '${name}' is not a valid header name.`);
    return listContains(h.list, name);
  }

  // https://fetch.spec.whatwg.org/#dom-headers-set
  set(name, value) {
    const h = check(this);
    const prefix = "Failed to execute 'set' on 'Headers'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    name = webidl.converters.ByteString(name, prefix, 'Argument 1');
    value = normalizeHeaderValue(webidl.converters.ByteString(value, prefix, 'Argument 2'));
    if (!isValidHeaderName(name)) throw new TypeError(`${prefix}: '${name}' is not a valid header name.`);
    if (!isValidHeaderValue(value)) throw new TypeError(`${prefix}: '${value}' is not a valid header value.`);
    if (h.guard === 'immutable') throw new TypeError(`${prefix}: The headers are immutable.`);
    listSet(h.list, name, value);
    h.sorted = null;
  }

  static {
    headersOf = (o) => (o !== null && typeof o === 'object' && #h in o ? o.#h : null);
  }
}
const check = (self) => {
  const h = headersOf(self);
  if (h === null) throw new TypeError('Illegal invocation: receiver is not a Headers');
  return h;
};

// https://fetch.spec.whatwg.org/#concept-headers-append
function appendHeader(h, name, value) {
  value = normalizeHeaderValue(value);
  if (!isValidHeaderName(name)) throw new TypeError(`Headers: '${name}' is not a valid header name.`);
  if (!isValidHeaderValue(value)) throw new TypeError(`Headers: '${value}' is not a valid header value.`);
  if (h.guard === 'immutable') throw new TypeError('Headers: The headers are immutable.');
  listAppend(h.list, name, value);
  h.sorted = null;
}

// https://fetch.spec.whatwg.org/#concept-headers-fill
function fillHeaders(h, pairs) {
  for (let i = 0; i < pairs.length; i++) {
    const header = pairs[i];
    if (header.length !== 2) {
      throw new TypeError('Headers: each header pair must have exactly two items.');
    }
    appendHeader(h, header[0], header[1]);
  }
}

// The pairs the iterator walks: the sorted and combined list, recomputed after a change.
function iterationPairs(headers) {
  const h = headersOf(headers);
  if (h.sorted === null) h.sorted = sortAndCombine(h.list);
  return h.sorted;
}

webidl.configureInterface(Headers);
webidl.mixinPairIterable('Headers', Headers, (o) => headersOf(o) !== null, iterationPairs);
webidl.exposeInterface('Headers', Headers);

// Creates a Headers object over `list` (not copied) with `guard`
// (https://fetch.spec.whatwg.org/#headers-object).
function headersFromList(list, guard) {
  const headers = new Headers();
  const h = headersOf(headers);
  h.list = list;
  h.guard = guard;
  return headers;
}

internals.headers = {
  Headers,
  isHeaders: (o) => headersOf(o) !== null,
  // The header list of a Headers object (not a copy): an array of [name, value].
  listOf: (headers) => headersOf(headers).list,
  guardOf: (headers) => headersOf(headers).guard,
  setGuard(headers, guard) {
    headersOf(headers).guard = guard;
  },
  headersFromList,
  convertHeadersInit,
  fillHeaders: (headers, pairs) => fillHeaders(headersOf(headers), pairs),
  listGet,
  listSet,
  listAppend,
  listContains,
  listDelete,
  sortAndCombine,
  byteLowercase,
  // Drops the cached iteration order after the list was changed directly.
  invalidate(headers) {
    headersOf(headers).sorted = null;
  },
};
