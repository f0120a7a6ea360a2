package dev.meridian.pop.api.url;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.server.TestNode;
import org.junit.jupiter.api.Test;

/**
 * URLPattern (https://urlpattern.spec.whatwg.org/) as a worker sees it: the examples of the standard
 * and of MDN's URLPattern pages, the pattern strings the constructor canonicalizes to, exec's groups
 * and the TypeErrors of invalid patterns. Each test deploys one worker that answers JSON.
 */
class URLPatternTest {

  static final TestNode node = SharedNode.get();

  /** Deploys a worker whose fetch returns {@code Response.json(<body>)} and answers its body. */
  private static String run(String name, String body) throws Exception {
    node.deploy(name, """
        const components = (p) => [p.protocol, p.username, p.password, p.hostname, p.port, p.pathname,
          p.search, p.hash];
        const error = (f) => { try { f(); return "no error"; } catch (e) { return e.constructor.name; } };
        export default {
          fetch() {
            return Response.json((() => { %s })());
          },
        };
        """.formatted(body));
    var response = node.get("/" + name + "/");
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  @Test
  void aNamedGroupInAPathnameMatchesOneSegment() throws Exception {
    assertEquals("[true,false,false,{\"id\":\"123\"},\"/books/123\","
        + "[\"*\",\"*\",\"*\",\"*\",\"*\",\"/books/:id\",\"*\",\"*\"],false,{\"café\":\"x\",\"日本\":\"y\"},"
        + "{\"name\":\"a\",\"ext\":\"b\"}]", run("up-named", """
        const p = new URLPattern({ pathname: "/books/:id" });
        const r = p.exec("https://example.com/books/123");
        return [p.test("https://example.com/books/123"), p.test("https://example.com/books/123/x"),
          p.test("https://example.com/books/"), r.pathname.groups, r.pathname.input, components(p),
          p.hasRegExpGroups, new URLPattern({ pathname: "/:café/:日本" }).exec({ pathname: "/x/y" }).pathname.groups,
          new URLPattern({ pathname: "/:name.:ext" }).exec({ pathname: "/a.b" }).pathname.groups];
        """));
  }

  @Test
  void wildcardsAndModifiers() throws Exception {
    assertEquals("[{\"0\":\"a/b\"},true,{\"action\":\"do/some/thing\"},false,true,true,false,"
        + "{\"0\":\"a.b\"},\"*.example.com\",true,false]", run("up-wild", """
        const all = new URLPattern({ pathname: "/images/*" });
        const plus = new URLPattern({ pathname: "/product/:action+" });
        const star = new URLPattern({ pathname: "/product/:action*" });
        const host = new URLPattern("https://*.example.com");
        return [all.exec({ pathname: "/images/a/b" }).pathname.groups, all.test({ pathname: "/images/" }),
          plus.exec({ pathname: "/product/do/some/thing" }).pathname.groups, plus.test({ pathname: "/product" }),
          star.test({ pathname: "/product" }), star.test({ pathname: "/product/x/y" }),
          star.test({ pathname: "/productx" }),
          host.exec("https://a.b.example.com/").hostname.groups, host.hostname,
          host.test("https://x.example.com/"), host.test("https://example.com/")];
        """));
  }

  @Test
  void optionalGroupsAreUndefinedWhenUnmatched() throws Exception {
    assertEquals("[true,true,true,\"undefined\",\"7\",true,true,false,\"{*.}?example.com\",\"/foo/{bar}?\","
        + "true,false,true,false]", run("up-optional", """
        const p = new URLPattern({ pathname: "/books/:id?" });
        const r = p.exec({ pathname: "/books" });
        const host = new URLPattern({ hostname: "{*.}?example.com" });
        const group = new URLPattern({ pathname: "/foo/{bar}?" });
        return [p.test({ pathname: "/books" }), p.test({ pathname: "/books/7" }), "id" in r.pathname.groups,
          typeof r.pathname.groups.id, p.exec({ pathname: "/books/7" }).pathname.groups.id,
          host.test({ hostname: "example.com" }), host.test({ hostname: "www.example.com" }),
          host.test({ hostname: "example.org" }), host.hostname, group.pathname,
          group.test({ pathname: "/foo/" }), group.test({ pathname: "/foo" }),
          group.test({ pathname: "/foo/bar" }), group.test({ pathname: "/foo/baz" })];
        """));
  }

  @Test
  void regexpGroupsConstrainAMatch() throws Exception {
    assertEquals("[true,false,{\"id\":\"42\"},true,\"/:id(\\\\d+)\",{\"0\":\"123\"},{\"0\":\"bar\",\"x\":\"y\"},"
        + "false,false]", run("up-regexp", """
        const p = new URLPattern({ pathname: "/:id(\\\\d+)" });
        const anonymous = new URLPattern("/books/(\\\\d+)", "https://example.com");
        const alt = new URLPattern({ pathname: "/(foo|bar)/:x" });
        return [p.test({ pathname: "/42" }), p.test({ pathname: "/abc" }), p.exec({ pathname: "/42" }).pathname.groups,
          p.hasRegExpGroups, p.pathname, anonymous.exec("https://example.com/books/123").pathname.groups,
          alt.exec({ pathname: "/bar/y" }).pathname.groups, alt.test({ pathname: "/baz/y" }),
          new URLPattern({ pathname: "/:id" }).hasRegExpGroups];
        """));
  }

  @Test
  void aFullURLStringPatternIsSplitIntoComponents() throws Exception {
    assertEquals("[[\"https\",\"*\",\"*\",\"example.com\",\"\",\"/books/:id\",\"*\",\"*\"],"
        + "[\"http{s}?\",\"*\",\"*\",\"example.com\",\"8080\",\"/*\",\"q=:v\",\"frag\"],"
        + "[\"https\",\"*\",\"*\",\"example.com\",\"\",\"/\",\"*\",\"*\"],"
        + "[\"data\",\"*\",\"*\",\"\",\"\",\"*\",\"*\",\"*\"],"
        + "true,true,false,{\"v\":\"1\"},true,true,false]", run("up-string", """
        const books = new URLPattern("https://example.com/books/:id");
        const full = new URLPattern("http{s}?://example.com:8080/*\\\\?q=:v#frag");
        const port = new URLPattern("https://example.com:443/");
        const data = new URLPattern("data:*");
        return [components(books), components(full), components(port), components(data),
          full.test("http://example.com:8080/a?q=1#frag"), full.test("https://example.com:8080/a/b?q=2#frag"),
          full.test("ftp://example.com:8080/a?q=1#frag"), full.exec("http://example.com:8080/?q=1#frag").search.groups,
          data.test("data:text/plain,hi"), books.test("https://example.com/books/1?x#y"),
          books.test("https://example.org/books/1")];
        """));
  }

  @Test
  void baseURLsResolveRelativePatternsAndInputs() throws Exception {
    assertEquals("[[\"https\",\"*\",\"*\",\"example.com\",\"\",\"/books/:id\",\"*\",\"*\"],"
        + "[\"https\",\"*\",\"*\",\"example.com\",\"\",\"/shop/:item\",\"*\",\"*\"],"
        + "true,[\"/books/5\",\"https://example.com\"],{\"id\":\"5\"},false,"
        + "[\"https\",\"*\",\"*\",\"example.com\",\"\",\"/a/b/:c\",\"*\",\"*\"],true]", run("up-base", """
        const p = new URLPattern("/books/:id", "https://example.com");
        const rel = new URLPattern({ pathname: "/shop/:item", baseURL: "https://example.com/x?y#z" });
        const r = p.exec("/books/5", "https://example.com");
        const dir = new URLPattern({ pathname: ":c", baseURL: "https://example.com/a/b/x" });
        return [components(p), components(rel), p.test("/books/5", "https://example.com"), r.inputs,
          r.pathname.groups, p.test("/books/5", "not a url"), components(dir),
          dir.test("https://example.com/a/b/z")];
        """));
  }

  @Test
  void initDictionariesAndTheirCanonicalization() throws Exception {
    assertEquals("[[\"https\",\"*\",\"*\",\"*\",\"\",\"*\",\"*\",\"*\"],"
        + "[\"*\",\"*\",\"*\",\"*\",\"*\",\"/caf%C3%A9/:x\",\"a=%20b\",\"*\"],"
        + "[\"*\",\"*\",\"*\",\"example.com\",\"*\",\"*\",\"*\",\"*\"],"
        + "true,false,[{\"pathname\":\"/café/1\",\"search\":\"?a= b\"}],\"/caf%C3%A9/1\",\"a=%20b\",true,"
        + "[\"*\",\"*\",\"*\",\"*\",\"8080\",\"*\",\"*\",\"*\"],"
        + "[\"*\",\"*\",\"*\",\"*\",\"443\",\"*\",\"*\",\"*\"]]", run("up-init", """
        const port = new URLPattern({ protocol: "https:", port: "443" });
        const encoded = new URLPattern({ pathname: "/café/:x", search: "?a= b" });
        const host = new URLPattern({ hostname: "EXAMPLE.com" });
        const r = encoded.exec({ pathname: "/café/1", search: "?a= b" });
        return [components(port), components(encoded), components(host),
          host.test({ hostname: "example.COM" }), host.test({ hostname: "example.org" }), r.inputs,
          r.pathname.input, r.search.input, port.test("https://example.com:443/"),
          components(new URLPattern({ port: "8080" })), components(new URLPattern({ port: "443" }))];
        """));
  }

  @Test
  void ignoreCaseAppliesToPathSearchAndHash() throws Exception {
    assertEquals("[false,true,true,true,{\"id\":\"ABC\"},false]", run("up-case", """
        const exact = new URLPattern({ pathname: "/Books/:id" });
        const any = new URLPattern({ pathname: "/Books/:id" }, { ignoreCase: true });
        const full = new URLPattern("https://example.com/Foo?Q#H", { ignoreCase: true });
        const withBase = new URLPattern("/FOO", "https://example.com", { ignoreCase: true });
        return [exact.test({ pathname: "/books/1" }), any.test({ pathname: "/BOOKS/1" }),
          full.test("https://example.com/foo?q#h"), withBase.test("https://example.com/foo"),
          any.exec({ pathname: "/books/ABC" }).pathname.groups, exact.test({ pathname: "/BOOKS/1" })];
        """));
  }

  @Test
  void testAndExecAnswerFalseAndNullOnMismatch() throws Exception {
    assertEquals("[false,null,false,false,false,true]", run("up-nomatch", """
        const p = new URLPattern("https://example.com/books/:id");
        return [p.test("https://example.com/movies/1"), p.exec("http://example.com/books/1"),
          p.test("https://example.com:8443/books/1"), p.test("not a url"),
          p.test({ pathname: "/books/1", hostname: "example.org", protocol: "https" }),
          p.test({ pathname: "/books/1", hostname: "example.com", protocol: "https" })];
        """));
  }

  @Test
  void invalidPatternsThrowTypeError() throws Exception {
    assertEquals("[\"TypeError\",\"TypeError\",\"TypeError\",\"TypeError\",\"TypeError\",\"TypeError\","
        + "\"TypeError\",\"TypeError\",\"TypeError\",\"TypeError\",\"TypeError\",\"no error\"]", run("up-invalid", """
        return [
          error(() => new URLPattern({ pathname: "/:id(" })),
          error(() => new URLPattern({ pathname: "/(" })),
          error(() => new URLPattern({ pathname: "/:" })),
          error(() => new URLPattern({ pathname: "{/foo" })),
          error(() => new URLPattern({ pathname: "/:id/:id" })),
          error(() => new URLPattern({ pathname: "/(a{2,1})" })),
          error(() => new URLPattern({ pathname: "/([)" })),
          error(() => new URLPattern("/relative")),
          error(() => new URLPattern({ pathname: "/x" }, "https://example.com")),
          error(() => new URLPattern({ protocol: "ht tp" })),
          error(() => new URLPattern({ pathname: "/x" }).test({ pathname: "/x" }, "https://example.com")),
          error(() => new URLPattern({ pathname: "/x" }).test({ pathname: "/x", baseURL: "::bad" })),
        ];
        """));
  }

  @Test
  void regexpsUseTheUnicodeSetsFlagAndNamesOutsideThePathnameMatchAnything() throws Exception {
    assertEquals("[false,{\"0\":\"z\"},{\"0\":\"0\"},false,{\"name\":\"foobar\"},{\"x\":\"a.b\"}]",
        run("up-vflag", """
        const minus = new URLPattern({ pathname: "/([[a-z]--a])" });
        const and = new URLPattern({ pathname: "/([\\\\d&&[0-1]])" });
        return [minus.test({ pathname: "/a" }), minus.exec({ pathname: "/z" }).pathname.groups,
          and.exec({ pathname: "/0" }).pathname.groups, and.test({ pathname: "/3" }),
          new URLPattern({ protocol: ":name" }).exec({ protocol: "foobar" }).protocol.groups,
          new URLPattern({ search: "q=:x" }).exec({ search: "q=a.b" }).search.groups];
        """));
  }

  @Test
  void aHostnameOrPortTheURLParserWouldTruncateIsATypeError() throws Exception {
    assertEquals("[\"TypeError\",\"TypeError\",\"TypeError\",\"TypeError\",\"no error\",false,true]",
        run("up-strict", """
        return [
          error(() => new URLPattern({ hostname: "bad/hostname" })),
          error(() => new URLPattern({ hostname: "bad\\nhostname" })),
          error(() => new URLPattern("https://{sub.}?example{.com/}foo")),
          error(() => new URLPattern({ protocol: "http", port: "80 " })),
          error(() => new URLPattern({ hostname: "[\\\\:\\\\:1]" })),
          new URLPattern({ port: "80" }).test({ port: "80 " }),
          new URLPattern({ hostname: "[\\\\:\\\\:1]" }).test("http://[::1]/"),
        ];
        """));
  }

  @Test
  void aWorkerThatPatchesBuiltInsDoesNotChangeMatching() throws Exception {
    assertEquals("[true,{\"id\":\"9\"},\"/books/:id(\\\\d+)\"]", run("up-patched", """
        RegExp.prototype.exec = () => null;
        RegExp.prototype[Symbol.match] = () => null;
        Array.prototype.push = () => { throw new Error("patched"); };
        String.prototype.slice = () => "";
        const p = new URLPattern("https://example.com/books/:id(\\\\d+)");
        return [p.test("https://example.com/books/9"), p.exec("https://example.com/books/9").pathname.groups,
          p.pathname];
        """));
  }
}
