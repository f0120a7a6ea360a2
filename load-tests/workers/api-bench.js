// Web API micro-benchmarks of issue 3, run inside a request so that every runtime measures the same
// code the same way: GET /?op=url|encode|decode|sha256|pipe&n=N answers "op ops/s" for N iterations.
const text = "The quick brown fox jumps over the lazy dog. ".repeat(23); // ~1 KB
const bytes = new TextEncoder().encode(text);
const mebibyte = new Uint8Array(1 << 20).map((_, i) => i * 31);

async function run(op, n) {
  switch (op) {
    case "url": {
      let length = 0;
      for (let i = 0; i < n; i++) {
        length += new URL(`https://user:pw@example.com:8080/a/b/../c/${i}?q=${i}&x=%20y#frag`).href.length;
      }
      return length;
    }
    case "encode": {
      const encoder = new TextEncoder();
      let length = 0;
      for (let i = 0; i < n; i++) length += encoder.encode(text).length;
      return length;
    }
    case "decode": {
      const decoder = new TextDecoder();
      let length = 0;
      for (let i = 0; i < n; i++) length += decoder.decode(bytes).length;
      return length;
    }
    case "sha256": {
      let last;
      for (let i = 0; i < n; i++) last = await crypto.subtle.digest("SHA-256", mebibyte);
      return new Uint8Array(last)[0];
    }
    case "pipe": {
      // n MiB through a TransformStream, 64 KiB chunks.
      const chunk = new Uint8Array(64 * 1024);
      let sent = 0;
      const total = n * 16;
      const source = new ReadableStream({
        pull(controller) {
          if (sent++ < total) controller.enqueue(chunk);
          else controller.close();
        },
      });
      let received = 0;
      await source.pipeThrough(new TransformStream()).pipeTo(new WritableStream({
        write(c) { received += c.byteLength; },
      }));
      return received;
    }
  }
  throw new Error("unknown op " + op);
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const op = url.searchParams.get("op");
    const n = Number(url.searchParams.get("n") ?? "1000");
    await run(op, Math.max(1, Math.floor(n / 10))); // warm up
    const start = performance.now();
    await run(op, n);
    const seconds = Math.max(performance.now() - start, 0.001) / 1000;
    return new Response(`${op} ${(n / seconds).toFixed(1)}\n`);
  },
};
