// DOMException (https://webidl.spec.whatwg.org/#idl-DOMException), with every legacy code of the
// error names table (https://webidl.spec.whatwg.org/#dfn-error-names-table).
'use strict';

const {
  ErrorPrototype,
  ObjectDefineProperty,
  ObjectPrototypeIsPrototypeOf,
  ObjectSetPrototypeOf,
  SafeMap,
} = primordials;
const ErrorCaptureStackTrace = primordials.ErrorCaptureStackTrace;
const webidl = internals.webidl;

// name -> [legacy code name, code]; names created after the table was frozen have code 0.
const legacyCodes = [
  ['IndexSizeError', 'INDEX_SIZE_ERR', 1],
  ['DOMStringSizeError', 'DOMSTRING_SIZE_ERR', 2],
  ['HierarchyRequestError', 'HIERARCHY_REQUEST_ERR', 3],
  ['WrongDocumentError', 'WRONG_DOCUMENT_ERR', 4],
  ['InvalidCharacterError', 'INVALID_CHARACTER_ERR', 5],
  ['NoDataAllowedError', 'NO_DATA_ALLOWED_ERR', 6],
  ['NoModificationAllowedError', 'NO_MODIFICATION_ALLOWED_ERR', 7],
  ['NotFoundError', 'NOT_FOUND_ERR', 8],
  ['NotSupportedError', 'NOT_SUPPORTED_ERR', 9],
  ['InUseAttributeError', 'INUSE_ATTRIBUTE_ERR', 10],
  ['InvalidStateError', 'INVALID_STATE_ERR', 11],
  ['SyntaxError', 'SYNTAX_ERR', 12],
  ['InvalidModificationError', 'INVALID_MODIFICATION_ERR', 13],
  ['NamespaceError', 'NAMESPACE_ERR', 14],
  ['InvalidAccessError', 'INVALID_ACCESS_ERR', 15],
  ['ValidationError', 'VALIDATION_ERR', 16],
  ['TypeMismatchError', 'TYPE_MISMATCH_ERR', 17],
  ['SecurityError', 'SECURITY_ERR', 18],
  ['NetworkError', 'NETWORK_ERR', 19],
  ['AbortError', 'ABORT_ERR', 20],
  ['URLMismatchError', 'URL_MISMATCH_ERR', 21],
  ['QuotaExceededError', 'QUOTA_EXCEEDED_ERR', 22],
  ['TimeoutError', 'TIMEOUT_ERR', 23],
  ['InvalidNodeTypeError', 'INVALID_NODE_TYPE_ERR', 24],
  ['DataCloneError', 'DATA_CLONE_ERR', 25],
];
const codeByName = new SafeMap();
const constants = {};
for (let i = 0; i < legacyCodes.length; i++) {
  const [name, constant, code] = legacyCodes[i];
  codeByName.set(name, code);
  constants[constant] = code;
}

class DOMException {
  #message;
  #name;
  #code;

  // https://webidl.spec.whatwg.org/#dom-domexception-domexception
  constructor(message = '', options = 'Error') {
    const prefix = "Failed to construct 'DOMException'";
    this.#message = webidl.converters.DOMString(message, prefix, 'Argument 1');
    let name;
    if (options !== null && typeof options === 'object') {
      // The options dictionary form ({ name, cause }) of newer Web IDL.
      const nameValue = options.name;
      name = nameValue === undefined ? 'Error' : webidl.converters.DOMString(nameValue, prefix, "'name'");
      if ('cause' in options) {
        ObjectDefineProperty(this, 'cause', {
          value: options.cause, writable: true, enumerable: false, configurable: true,
        });
      }
    } else {
      name = webidl.converters.DOMString(options, prefix, 'Argument 2');
    }
    this.#name = name;
    this.#code = codeByName.get(name) ?? 0;
    if (ErrorCaptureStackTrace !== undefined) {
      ErrorCaptureStackTrace(this, DOMException);
    }
  }

  get message() {
    webidl.assertBranded(this, isDOMException, 'DOMException');
    return this.#message;
  }

  get name() {
    webidl.assertBranded(this, isDOMException, 'DOMException');
    return this.#name;
  }

  get code() {
    webidl.assertBranded(this, isDOMException, 'DOMException');
    return this.#code;
  }

  static isInstance(value) {
    return value !== null && typeof value === 'object' && #name in value;
  }
}
const isDOMException = DOMException.isInstance;
delete DOMException.isInstance;

// DOMException's prototype inherits from Error.prototype (https://webidl.spec.whatwg.org/#es-DOMException-specialness).
ObjectSetPrototypeOf(DOMException.prototype, ErrorPrototype);
webidl.configureInterface(DOMException);
webidl.defineConstants(DOMException, constants);
webidl.exposeInterface('DOMException', DOMException);

internals.dom = {
  DOMException,
  isDOMException,
  // Whether `value` is a DOMException created here or anything inheriting its prototype.
  isDOMExceptionLike: (value) => ObjectPrototypeIsPrototypeOf(DOMException.prototype, value),
};
