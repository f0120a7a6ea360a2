import { page } from "./page.js";

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/json") {
      return Response.json({ greeting: env.GREETING, path: url.pathname, time: new Date().toISOString() });
    }
    if (url.pathname === "/echo" && request.body) {
      // Streams the request body straight back: nothing is buffered whole.
      return new Response(request.body, { headers: { "content-type": "application/octet-stream" } });
    }
    ctx.waitUntil(Promise.resolve().then(() => console.log("served", request.method, url.pathname)));
    return new Response(page(env.GREETING, url.pathname), {
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  },
};
