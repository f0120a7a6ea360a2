// URL and URLSearchParams (https://url.spec.whatwg.org/#api), over the parser of 00_url_parser.js,
// and the application/x-www-form-urlencoded parser and serializer
// (https://url.spec.whatwg.org/#application/x-www-form-urlencoded).
'use strict';

const {
  ArrayPrototypeFilter,
  ArrayPrototypePush,
  ArrayPrototypeSort,
  ArrayPrototypeSplice,
  StringPrototypeCharCodeAt,
  StringPrototypeIndexOf,
  StringPrototypeReplaceAll,
  StringPrototypeSlice,
  SymbolIterator,
  TypeError,
} = primordials;
const webidl = internals.webidl;
const { decodeUtf8WithoutBOM } = internals.encoding;
const {
  S, FAILURE, basicURLParse, serializeURL, serializePath, serializeOrigin, hasOpaquePath,
  cannotHaveUsernamePasswordPort, percentEncodeString, percentDecodeBytes, sets,
} = internals.url;

// --- application/x-www-form-urlencoded -----------------------------------------------------------------

// https://url.spec.whatwg.org/#concept-urlencoded-parser: a list of [name, value].
function parseUrlencoded(input) {
  const output = [];
  let start = 0;
  while (start <= input.length) {
    let end = StringPrototypeIndexOf(input, '&', start);
    if (end === -1) end = input.length;
    const sequence = StringPrototypeSlice(input, start, end);
    start = end + 1;
    if (sequence === '') continue;
    const eq = StringPrototypeIndexOf(sequence, '=');
    let name = eq === -1 ? sequence : StringPrototypeSlice(sequence, 0, eq);
    let value = eq === -1 ? '' : StringPrototypeSlice(sequence, eq + 1);
    name = StringPrototypeReplaceAll(name, '+', ' ');
    value = StringPrototypeReplaceAll(value, '+', ' ');
    ArrayPrototypePush(output, [
      decodeUtf8WithoutBOM(percentDecodeBytes(name)),
      decodeUtf8WithoutBOM(percentDecodeBytes(value)),
    ]);
  }
  return output;
}

// https://url.spec.whatwg.org/#concept-urlencoded-serializer
function serializeUrlencoded(list) {
  let output = '';
  for (let i = 0; i < list.length; i++) {
    if (i > 0) output += '&';
    output += percentEncodeString(list[i][0], sets.FORM_URLENCODED_SET, true) + '=' +
      percentEncodeString(list[i][1], sets.FORM_URLENCODED_SET, true);
  }
  return output;
}

// https://url.spec.whatwg.org/#potentially-strip-trailing-spaces-from-an-opaque-path
function stripTrailingSpacesFromOpaquePath(url) {
  if (!hasOpaquePath(url) || url.fragment !== null || url.query !== null) return;
  let end = url.path.length;
  while (end > 0 && StringPrototypeCharCodeAt(url.path, end - 1) === 0x20) end--;
  url.path = StringPrototypeSlice(url.path, 0, end);
}

// --- URLSearchParams (https://url.spec.whatwg.org/#interface-urlsearchparams) ----------------------------

const convertPairs = webidl.createSequenceConverter(webidl.createSequenceConverter(webidl.converters.USVString));
const convertRecord = webidl.createRecordConverter(webidl.converters.USVString, webidl.converters.USVString);

// Internal access (set by URLSearchParams's static block).
let paramsInternals;

class URLSearchParams {
  #list = [];
  // The URL record whose query this object mirrors, and the URL object's update hook.
  #url = null;

  // https://url.spec.whatwg.org/#dom-urlsearchparams-urlsearchparams
  constructor(init = '') {
    const prefix = "Failed to construct 'URLSearchParams'";
    if (init !== null && (typeof init === 'object' || typeof init === 'function')) {
      if (init[SymbolIterator] !== undefined) {
        const pairs = convertPairs(init, prefix, 'Argument 1');
        for (let i = 0; i < pairs.length; i++) {
          if (pairs[i].length !== 2) {
            throw new TypeError(`${prefix}: Sequence initializer must only contain pair elements`);
          }
          ArrayPrototypePush(this.#list, [pairs[i][0], pairs[i][1]]);
        }
      } else {
        const record = convertRecord(init, prefix, 'Argument 1');
        for (const name in record) ArrayPrototypePush(this.#list, [name, record[name]]);
      }
    } else {
      init = webidl.converters.USVString(init, prefix, 'Argument 1');
      if (init[0] === '?') init = StringPrototypeSlice(init, 1);
      this.#list = parseUrlencoded(init);
    }
  }

  // https://url.spec.whatwg.org/#concept-urlsearchparams-update
  #update() {
    const url = this.#url;
    if (url === null) return;
    let serialized = serializeUrlencoded(this.#list);
    if (serialized === '') serialized = null;
    url.query = serialized;
    if (serialized === null) stripTrailingSpacesFromOpaquePath(url);
  }

  get size() {
    check(this);
    return this.#list.length;
  }

  append(name, value) {
    check(this);
    const prefix = "Failed to execute 'append' on 'URLSearchParams'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    name = webidl.converters.USVString(name, prefix, 'Argument 1');
    value = webidl.converters.USVString(value, prefix, 'Argument 2');
    ArrayPrototypePush(this.#list, [name, value]);
    this.#update();
  }

  // https://url.spec.whatwg.org/#dom-urlsearchparams-delete
  delete(name, value = undefined) {
    check(this);
    const prefix = "Failed to execute 'delete' on 'URLSearchParams'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = webidl.converters.USVString(name, prefix, 'Argument 1');
    if (value !== undefined) {
      value = webidl.converters.USVString(value, prefix, 'Argument 2');
      this.#list = ArrayPrototypeFilter(this.#list, (pair) => !(pair[0] === name && pair[1] === value));
    } else {
      this.#list = ArrayPrototypeFilter(this.#list, (pair) => pair[0] !== name);
    }
    this.#update();
  }

  get(name) {
    check(this);
    const prefix = "Failed to execute 'get' on 'URLSearchParams'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = webidl.converters.USVString(name, prefix, 'Argument 1');
    const list = this.#list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) return list[i][1];
    }
    return null;
  }

  getAll(name) {
    check(this);
    const prefix = "Failed to execute 'getAll' on 'URLSearchParams'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = webidl.converters.USVString(name, prefix, 'Argument 1');
    const out = [];
    const list = this.#list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) ArrayPrototypePush(out, list[i][1]);
    }
    return out;
  }

  // https://url.spec.whatwg.org/#dom-urlsearchparams-has
  has(name, value = undefined) {
    check(this);
    const prefix = "Failed to execute 'has' on 'URLSearchParams'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = webidl.converters.USVString(name, prefix, 'Argument 1');
    if (value !== undefined) value = webidl.converters.USVString(value, prefix, 'Argument 2');
    const list = this.#list;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name && (value === undefined || list[i][1] === value)) return true;
    }
    return false;
  }

  // https://url.spec.whatwg.org/#dom-urlsearchparams-set
  set(name, value) {
    check(this);
    const prefix = "Failed to execute 'set' on 'URLSearchParams'";
    webidl.requiredArguments(arguments.length, 2, prefix);
    name = webidl.converters.USVString(name, prefix, 'Argument 1');
    value = webidl.converters.USVString(value, prefix, 'Argument 2');
    const list = this.#list;
    let found = false;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] !== name) continue;
      if (!found) {
        list[i][1] = value;
        found = true;
      } else {
        ArrayPrototypeSplice(list, i, 1);
        i--;
      }
    }
    if (!found) ArrayPrototypePush(list, [name, value]);
    this.#update();
  }

  // https://url.spec.whatwg.org/#dom-urlsearchparams-sort: stable, by code units of the names.
  sort() {
    check(this);
    ArrayPrototypeSort(this.#list, (a, b) => (a[0] === b[0] ? 0 : a[0] < b[0] ? -1 : 1));
    this.#update();
  }

  toString() {
    check(this);
    return serializeUrlencoded(this.#list);
  }

  static {
    paramsInternals = {
      is: (o) => o !== null && typeof o === 'object' && #list in o,
      list: (p) => p.#list,
      setList(p, list) {
        p.#list = list;
      },
      attach(p, url) {
        p.#url = url;
      },
    };
  }
}
const isURLSearchParams = paramsInternals.is;
const check = (self) => webidl.assertBranded(self, isURLSearchParams, 'URLSearchParams');
webidl.configureInterface(URLSearchParams);
webidl.mixinPairIterable('URLSearchParams', URLSearchParams, isURLSearchParams, paramsInternals.list);
webidl.exposeInterface('URLSearchParams', URLSearchParams);

// --- URL (https://url.spec.whatwg.org/#url-class) ---------------------------------------------------

// https://url.spec.whatwg.org/#api-url-parser
function apiParse(url, base) {
  let parsedBase = null;
  if (base !== undefined) {
    parsedBase = basicURLParse(base);
    if (parsedBase === FAILURE) return FAILURE;
  }
  return basicURLParse(url, parsedBase);
}

const illegalConstructorKey = primordials.Symbol('URL');

// Internal access (set by URL's static block).
let urlInternals;

class URL {
  #url;
  #query;

  // https://url.spec.whatwg.org/#dom-url-url
  constructor(url, base = undefined) {
    if (url === illegalConstructorKey) {
      // Internal construction from a parsed record (URL.parse).
      this.#setRecord(base);
      return;
    }
    const prefix = "Failed to construct 'URL'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = webidl.converters.USVString(url, prefix, 'Argument 1');
    if (base !== undefined) base = webidl.converters.USVString(base, prefix, 'Argument 2');
    const parsed = apiParse(url, base);
    if (parsed === FAILURE) {
      throw new TypeError(`${prefix}: Invalid URL '${url}'${base !== undefined ? ` with base '${base}'` : ''}`);
    }
    this.#setRecord(parsed);
  }

  // https://url.spec.whatwg.org/#url-initialize. The URLSearchParams object (and the parse of the
  // query into its list) is made when `searchParams` is first read; no one can see it before.
  #setRecord(record) {
    this.#url = record;
    this.#query = null;
  }

  // Sets the query object's list from the URL's query, if the object exists yet.
  #resetQueryList(list) {
    if (this.#query !== null) paramsInternals.setList(this.#query, list());
  }

  // https://url.spec.whatwg.org/#dom-url-parse
  static parse(url, base = undefined) {
    const prefix = "Failed to execute 'parse' on 'URL'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = webidl.converters.USVString(url, prefix, 'Argument 1');
    if (base !== undefined) base = webidl.converters.USVString(base, prefix, 'Argument 2');
    const parsed = apiParse(url, base);
    return parsed === FAILURE ? null : new URL(illegalConstructorKey, parsed);
  }

  // https://url.spec.whatwg.org/#dom-url-canparse
  static canParse(url, base = undefined) {
    const prefix = "Failed to execute 'canParse' on 'URL'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = webidl.converters.USVString(url, prefix, 'Argument 1');
    if (base !== undefined) base = webidl.converters.USVString(base, prefix, 'Argument 2');
    return apiParse(url, base) !== FAILURE;
  }

  get href() {
    checkURL(this);
    return serializeURL(this.#url);
  }

  // https://url.spec.whatwg.org/#dom-url-href
  set href(value) {
    checkURL(this);
    value = webidl.converters.USVString(value, "Failed to set 'href' on 'URL'", 'Value');
    const parsed = basicURLParse(value);
    if (parsed === FAILURE) {
      throw new TypeError(`Failed to set 'href' on 'URL': Invalid URL '${value}'`);
    }
    this.#url = parsed;
    if (this.#query !== null) paramsInternals.attach(this.#query, parsed);
    this.#resetQueryList(() => (parsed.query === null ? [] : parseUrlencoded(parsed.query)));
  }

  get origin() {
    checkURL(this);
    return serializeOrigin(this.#url);
  }

  get protocol() {
    checkURL(this);
    return this.#url.scheme + ':';
  }

  set protocol(value) {
    checkURL(this);
    value = webidl.converters.USVString(value, "Failed to set 'protocol' on 'URL'", 'Value');
    this.#override(value + ':', S.SCHEME_START);
  }

  // Runs the basic URL parser with a state override on this URL's record. As in the standard, the
  // record is changed in place: a failure part-way keeps what was set before it (a host whose port
  // is out of range is still set).
  #override(input, stateOverride) {
    basicURLParse(input, null, this.#url, stateOverride);
  }

  get username() {
    checkURL(this);
    return this.#url.username;
  }

  // https://url.spec.whatwg.org/#dom-url-username
  set username(value) {
    checkURL(this);
    value = webidl.converters.USVString(value, "Failed to set 'username' on 'URL'", 'Value');
    if (cannotHaveUsernamePasswordPort(this.#url)) return;
    this.#url.username = percentEncodeString(value, sets.USERINFO_SET);
  }

  get password() {
    checkURL(this);
    return this.#url.password;
  }

  set password(value) {
    checkURL(this);
    value = webidl.converters.USVString(value, "Failed to set 'password' on 'URL'", 'Value');
    if (cannotHaveUsernamePasswordPort(this.#url)) return;
    this.#url.password = percentEncodeString(value, sets.USERINFO_SET);
  }

  get host() {
    checkURL(this);
    const url = this.#url;
    if (url.host === null) return '';
    return url.port === null ? url.host : url.host + ':' + url.port;
  }

  // https://url.spec.whatwg.org/#dom-url-host
  set host(value) {
    checkURL(this);
    value = webidl.converters.USVString(value, "Failed to set 'host' on 'URL'", 'Value');
    if (hasOpaquePath(this.#url)) return;
    this.#override(value, S.HOST);
  }

  get hostname() {
    checkURL(this);
    return this.#url.host ?? '';
  }

  set hostname(value) {
    checkURL(this);
    value = webidl.converters.USVString(value, "Failed to set 'hostname' on 'URL'", 'Value');
    if (hasOpaquePath(this.#url)) return;
    this.#override(value, S.HOSTNAME);
  }

  get port() {
    checkURL(this);
    return this.#url.port === null ? '' : '' + this.#url.port;
  }

  // https://url.spec.whatwg.org/#dom-url-port
  set port(value) {
    checkURL(this);
    value = webidl.converters.USVString(value, "Failed to set 'port' on 'URL'", 'Value');
    if (cannotHaveUsernamePasswordPort(this.#url)) return;
    if (value === '') {
      this.#url.port = null;
    } else {
      this.#override(value, S.PORT);
    }
  }

  get pathname() {
    checkURL(this);
    return serializePath(this.#url);
  }

  // https://url.spec.whatwg.org/#dom-url-pathname
  set pathname(value) {
    checkURL(this);
    value = webidl.converters.USVString(value, "Failed to set 'pathname' on 'URL'", 'Value');
    if (hasOpaquePath(this.#url)) return;
    this.#url.path = [];
    this.#override(value, S.PATH_START);
  }

  get search() {
    checkURL(this);
    const query = this.#url.query;
    return query === null || query === '' ? '' : '?' + query;
  }

  // https://url.spec.whatwg.org/#dom-url-search
  set search(value) {
    checkURL(this);
    value = webidl.converters.USVString(value, "Failed to set 'search' on 'URL'", 'Value');
    const url = this.#url;
    if (value === '') {
      url.query = null;
      this.#resetQueryList(() => []);
      stripTrailingSpacesFromOpaquePath(url);
      return;
    }
    const input = value[0] === '?' ? StringPrototypeSlice(value, 1) : value;
    url.query = '';
    this.#override(input, S.QUERY);
    this.#resetQueryList(() => parseUrlencoded(input));
  }

  get searchParams() {
    checkURL(this);
    if (this.#query === null) {
      const record = this.#url;
      this.#query = new URLSearchParams();
      paramsInternals.attach(this.#query, record);
      if (record.query !== null) paramsInternals.setList(this.#query, parseUrlencoded(record.query));
    }
    return this.#query;
  }

  get hash() {
    checkURL(this);
    const fragment = this.#url.fragment;
    return fragment === null || fragment === '' ? '' : '#' + fragment;
  }

  // https://url.spec.whatwg.org/#dom-url-hash
  set hash(value) {
    checkURL(this);
    value = webidl.converters.USVString(value, "Failed to set 'hash' on 'URL'", 'Value');
    const url = this.#url;
    if (value === '') {
      url.fragment = null;
      stripTrailingSpacesFromOpaquePath(url);
      return;
    }
    const input = value[0] === '#' ? StringPrototypeSlice(value, 1) : value;
    url.fragment = '';
    this.#override(input, S.FRAGMENT);
  }

  toJSON() {
    checkURL(this);
    return serializeURL(this.#url);
  }

  toString() {
    checkURL(this);
    return serializeURL(this.#url);
  }

  static {
    urlInternals = {
      is: (o) => o !== null && typeof o === 'object' && #url in o,
      record: (u) => u.#url,
    };
  }
}
const isURL = urlInternals.is;
const checkURL = (self) => webidl.assertBranded(self, isURL, 'URL');
webidl.configureInterface(URL);
webidl.exposeInterface('URL', URL);

internals.url.URL = URL;
internals.url.URLSearchParams = URLSearchParams;
internals.url.isURL = isURL;
internals.url.isURLSearchParams = isURLSearchParams;
// The URL record of a URL object (not a copy).
internals.url.recordOf = urlInternals.record;
// The [name, value] list of a URLSearchParams object (not a copy).
internals.url.paramsList = paramsInternals.list;
internals.url.parseUrlencoded = parseUrlencoded;
internals.url.serializeUrlencoded = serializeUrlencoded;
// Parses `input` against the optional `base` string as `new URL()` does: a record, or null.
internals.url.parseURL = apiParse;
