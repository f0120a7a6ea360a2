// TextDecoderStream and TextEncoderStream (https://encoding.spec.whatwg.org/#interface-textdecoderstream,
// https://encoding.spec.whatwg.org/#interface-textencoderstream), over the decoders of 01_encoding.js
// and the TransformStream of streams/.
'use strict';

const {
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
} = primordials;
const webidl = internals.webidl;
const streams = internals.streams;
const { convertDecoderArguments, createDecoder, encodeUtf8, serialize } = internals.encoding;

class TextDecoderStream {
  #encoding;
  #fatal;
  #ignoreBOM;
  #transform;

  // https://encoding.spec.whatwg.org/#dom-textdecoderstream
  constructor(label = 'utf-8', options = undefined) {
    const { encoding, opts } = convertDecoderArguments(label, options, "Failed to construct 'TextDecoderStream'");
    this.#encoding = encoding;
    this.#fatal = opts.fatal;
    this.#ignoreBOM = opts.ignoreBOM;
    const decoder = createDecoder(encoding);
    const fatal = opts.fatal;
    const bom = { seen: false };
    this.#transform = streams.createTransformStream(
      // https://encoding.spec.whatwg.org/#decode-and-enqueue-a-chunk
      (chunk, enqueue) => {
        webidl.converters.AllowSharedBufferSource(chunk, 'TextDecoderStream', 'chunk');
        const text = serialize(bom, encoding, opts.ignoreBOM, decoder.decode(webidl.bufferSourceBytes(chunk), false, fatal));
        if (text !== '') enqueue(text);
      },
      // https://encoding.spec.whatwg.org/#flush-and-enqueue
      (enqueue) => {
        const text = serialize(bom, encoding, opts.ignoreBOM, decoder.decode(new primordials.Uint8Array(0), true, fatal));
        if (text !== '') enqueue(text);
      });
  }

  get encoding() {
    check(this);
    return this.#encoding;
  }

  get fatal() {
    check(this);
    return this.#fatal;
  }

  get ignoreBOM() {
    check(this);
    return this.#ignoreBOM;
  }

  get readable() {
    check(this);
    return this.#transform.readable;
  }

  get writable() {
    check(this);
    return this.#transform.writable;
  }

  static isInstance(o) {
    return o !== null && typeof o === 'object' && #transform in o;
  }
}
const isTextDecoderStream = TextDecoderStream.isInstance;
delete TextDecoderStream.isInstance;
const check = (self) => webidl.assertBranded(self, isTextDecoderStream, 'TextDecoderStream');
webidl.configureInterface(TextDecoderStream);
webidl.exposeInterface('TextDecoderStream', TextDecoderStream);

class TextEncoderStream {
  #transform;

  // https://encoding.spec.whatwg.org/#dom-textencoderstream
  constructor() {
    // A lead surrogate that ended the previous chunk, waiting for its trail
    // (https://encoding.spec.whatwg.org/#textencoderstream-pending-high-surrogate).
    let pendingHighSurrogate = null;
    this.#transform = streams.createTransformStream(
      // https://encoding.spec.whatwg.org/#encode-and-enqueue-a-chunk
      (chunk, enqueue) => {
        let input = webidl.converters.DOMString(chunk, 'TextEncoderStream', 'chunk');
        if (pendingHighSurrogate !== null) {
          input = StringFromCharCode(pendingHighSurrogate) + input;
          pendingHighSurrogate = null;
        }
        const last = input.length > 0 ? StringPrototypeCharCodeAt(input, input.length - 1) : 0;
        if (last >= 0xd800 && last <= 0xdbff) {
          pendingHighSurrogate = last;
          input = StringPrototypeSlice(input, 0, -1);
        }
        if (input !== '') enqueue(encodeUtf8(input));
      },
      // https://encoding.spec.whatwg.org/#encode-and-flush
      (enqueue) => {
        if (pendingHighSurrogate !== null) enqueue(new primordials.Uint8Array([0xef, 0xbf, 0xbd]));
      });
  }

  get encoding() {
    webidl.assertBranded(this, isTextEncoderStream, 'TextEncoderStream');
    return 'utf-8';
  }

  get readable() {
    webidl.assertBranded(this, isTextEncoderStream, 'TextEncoderStream');
    return this.#transform.readable;
  }

  get writable() {
    webidl.assertBranded(this, isTextEncoderStream, 'TextEncoderStream');
    return this.#transform.writable;
  }

  static isInstance(o) {
    return o !== null && typeof o === 'object' && #transform in o;
  }
}
const isTextEncoderStream = TextEncoderStream.isInstance;
delete TextEncoderStream.isInstance;
webidl.configureInterface(TextEncoderStream);
webidl.exposeInterface('TextEncoderStream', TextEncoderStream);
