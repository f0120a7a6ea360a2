// CompressionStream and DecompressionStream (https://compression.spec.whatwg.org/), each a
// TransformStream whose algorithms hand bytes to a codec in the host (op_compression_*, on
// java.util.zip). The host returns output in bounded pieces; each becomes one chunk.
'use strict';

const {
  Symbol,
} = primordials;
const webidl = internals.webidl;
const streams = internals.streams;

// https://compression.spec.whatwg.org/#enumdef-compressionformat
const convertFormat = webidl.createEnumConverter('CompressionFormat', ['deflate', 'deflate-raw', 'gzip']);

// The transform of one stream: the codec's id in the host, freed once the stream ends, fails or is
// cancelled (an isolate may hold only so many).
function createCodecTransform(format, decompress) {
  const id = internals.ops.op_compression_open(format, decompress);
  let open = true;
  const close = () => {
    if (open) {
      open = false;
      internals.ops.op_compression_close(id);
    }
  };
  const drain = (enqueue) => {
    for (;;) {
      const piece = internals.ops.op_compression_pull(id);
      if (piece === undefined || piece === null) return;
      enqueue(piece);
    }
  };
  const guarded = (step) => (...args) => {
    try {
      return step(...args);
    } catch (e) {
      close();
      throw e;
    }
  };
  return streams.createTransformStream(
    // https://compression.spec.whatwg.org/#compress-and-enqueue-a-chunk
    // https://compression.spec.whatwg.org/#decompress-and-enqueue-a-chunk
    guarded((chunk, enqueue) => {
      const prefix = decompress ? 'DecompressionStream' : 'CompressionStream';
      webidl.converters.BufferSource(chunk, prefix, 'chunk');
      internals.ops.op_compression_push(id, webidl.bufferSourceBytes(chunk));
      drain(enqueue);
    }),
    // https://compression.spec.whatwg.org/#compress-flush-and-enqueue
    // https://compression.spec.whatwg.org/#decompress-flush-and-enqueue
    guarded((enqueue) => {
      internals.ops.op_compression_end(id);
      drain(enqueue);
      close();
    }),
    () => close());
}

const brand = Symbol('compression stream');

class CompressionStream {
  #transform;

  // https://compression.spec.whatwg.org/#dom-compressionstream-compressionstream
  constructor(format) {
    const prefix = "Failed to construct 'CompressionStream'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    this.#transform = createCodecTransform(convertFormat(format, prefix, 'Argument 1'), false);
  }

  get readable() {
    webidl.assertBranded(this, isCompressionStream, 'CompressionStream');
    return this.#transform.readable;
  }

  get writable() {
    webidl.assertBranded(this, isCompressionStream, 'CompressionStream');
    return this.#transform.writable;
  }

  static [brand](o) {
    return o !== null && typeof o === 'object' && #transform in o;
  }
}
const isCompressionStream = CompressionStream[brand];

class DecompressionStream {
  #transform;

  // https://compression.spec.whatwg.org/#dom-decompressionstream-decompressionstream
  constructor(format) {
    const prefix = "Failed to construct 'DecompressionStream'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    this.#transform = createCodecTransform(convertFormat(format, prefix, 'Argument 1'), true);
  }

  get readable() {
    webidl.assertBranded(this, isDecompressionStream, 'DecompressionStream');
    return this.#transform.readable;
  }

  get writable() {
    webidl.assertBranded(this, isDecompressionStream, 'DecompressionStream');
    return this.#transform.writable;
  }

  static [brand](o) {
    return o !== null && typeof o === 'object' && #transform in o;
  }
}
const isDecompressionStream = DecompressionStream[brand];
delete CompressionStream[brand];
delete DecompressionStream[brand];

webidl.configureInterface(CompressionStream);
webidl.configureInterface(DecompressionStream);
webidl.exposeInterface('CompressionStream', CompressionStream);
webidl.exposeInterface('DecompressionStream', DecompressionStream);
