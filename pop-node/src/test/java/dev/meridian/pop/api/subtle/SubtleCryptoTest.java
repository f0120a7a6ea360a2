package dev.meridian.pop.api.subtle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.pop.api.SharedNode;
import dev.meridian.pop.io.WorkerLimits;
import dev.meridian.pop.server.TestNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * crypto.subtle in a worker: known-answer vectors from the RFCs and NIST, round trips through every
 * key format, and the DOMExceptions the spec names for misuse.
 */
class SubtleCryptoTest {

  static final TestNode node = SharedNode.get();

  /** Runs {@code checks} in a worker (RSA key generation needs more than the default CPU); "ok" or the failures. */
  private static String run(String name, String checks) throws Exception {
    node.deploy(name, Map.of("index.js", """
        const failures = [];
        const check = (ok, what) => { if (!ok) failures.push(what); };
        const hex = (b) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
        const unhex = (s) => new Uint8Array(s.match(/../g).map((h) => parseInt(h, 16)));
        const enc = (s) => new TextEncoder().encode(s);
        const subtle = crypto.subtle;
        async function rejects(name, promise) {
          try { await promise; return "resolved"; } catch (e) { return e.name === name ? name : e.name + ": " + e.message; }
        }
        export default {
          async fetch() {
            try {
        """ + checks + """
            } catch (e) {
              failures.push("threw " + e.name + ": " + e.message);
            }
            return new Response(failures.length === 0 ? "ok" : failures.join("\\n"));
          },
        };
        """), "index.js", Map.of(), new WorkerLimits(128, 20_000, 50));
    return node.get("/" + name + "/").body();
  }

  @Test
  void digestsAndMacsMatchTheirStandardsVectors() throws Exception {
    assertEquals("ok", run("kat-hash", """
        // FIPS 180-4 examples
        check(hex(await subtle.digest("SHA-1", enc("abc"))) === "a9993e364706816aba3e25717850c26c9cd0d89d", "SHA-1");
        check(hex(await subtle.digest("sha-256", enc("abc")))
          === "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "SHA-256");
        check(hex(await subtle.digest({ name: "SHA-384" }, enc("abc"))).startsWith("cb00753f45a35e8bb5a03d699ac65007"), "SHA-384");
        check(hex(await subtle.digest("SHA-512", new ArrayBuffer(0))).startsWith("cf83e1357eefb8bdf1542850d66d8007"), "SHA-512");
        // RFC 4231 test case 2
        const jefe = await subtle.importKey("raw", enc("Jefe"), { name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
        const mac = await subtle.sign("HMAC", jefe, enc("what do ya want for nothing?"));
        check(hex(mac) === "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "HMAC-SHA-256");
        check(await subtle.verify("HMAC", jefe, mac, enc("what do ya want for nothing?")), "HMAC verify");
        check(!(await subtle.verify("HMAC", jefe, mac, enc("what do ya want for something?"))), "HMAC rejects");
        const jwk = await subtle.exportKey("jwk", jefe);
        check(jwk.kty === "oct" && jwk.k === "SmVmZQ" && jwk.alg === "HS256" && jwk.ext === true, "HMAC jwk " + JSON.stringify(jwk));
        // RFC 5869 A.1
        const ikm = await subtle.importKey("raw", unhex("0b".repeat(22)), "HKDF", false, ["deriveBits"]);
        const okm = await subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: unhex("000102030405060708090a0b0c"),
          info: unhex("f0f1f2f3f4f5f6f7f8f9") }, ikm, 42 * 8);
        check(hex(okm) === "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", "HKDF");
        // RFC 6070
        const password = await subtle.importKey("raw", enc("password"), "PBKDF2", false, ["deriveBits", "deriveKey"]);
        const dk = await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-1", salt: enc("salt"), iterations: 4096 }, password, 160);
        check(hex(dk) === "4b007901b765489abead49d926f721d065a429c1", "PBKDF2");
        const derived = await subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: enc("salt"), iterations: 10 },
          password, { name: "HMAC", hash: "SHA-512" }, false, ["sign"]);
        check(derived.algorithm.length === 1024 && derived.algorithm.hash.name === "SHA-512", "deriveKey HMAC");
        """));
  }

  @Test
  void aesMatchesItsVectorsInEveryMode() throws Exception {
    assertEquals("ok", run("kat-aes", """
        const zero = await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt", "decrypt"]);
        // McGrew & Viega, GCM test case 2
        const gcm = await subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, zero, new Uint8Array(16));
        check(hex(gcm) === "0388dace60b6a392f328c2b971b2fe78" + "ab6e47d42cec13bdf53a67b21257bddf", "AES-GCM " + hex(gcm));
        const tampered = new Uint8Array(gcm);
        tampered[0] ^= 1;
        check(await rejects("OperationError", subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, zero, tampered))
          === "OperationError", "a bad GCM tag");
        // RFC 3602 case 1 (the second block is PKCS #7 padding)
        const cbcKey = await subtle.importKey("raw", unhex("06a9214036b8a15b512e03d534120006"), "AES-CBC", false,
          ["encrypt", "decrypt", "wrapKey", "unwrapKey"]);
        const cbcParams = { name: "AES-CBC", iv: unhex("3dafba429d9eb430b422da802c9fac41") };
        const cbc = await subtle.encrypt(cbcParams, cbcKey, enc("Single block msg"));
        check(hex(cbc).startsWith("e353779c1079aeb82708942dbe77181a") && cbc.byteLength === 32, "AES-CBC");
        check(new TextDecoder().decode(await subtle.decrypt(cbcParams, cbcKey, cbc)) === "Single block msg", "AES-CBC back");
        // RFC 3686 test vector 1
        const ctrKey = await subtle.importKey("jwk", { kty: "oct", k: "rmhS-BIQZ8xL96V2VXfzng", alg: "A128CTR" },
          "AES-CTR", false, ["encrypt"]);
        const ctr = await subtle.encrypt({ name: "AES-CTR", counter: unhex("00000030000000000000000000000001"), length: 32 },
          ctrKey, enc("Single block msg"));
        check(hex(ctr) === "e4095d4fb7a7b3792d6175a3261311b8", "AES-CTR " + hex(ctr));
        // A 4-bit counter at 15 wraps to 0 after one block, leaving the other bits alone.
        const wrapKey = await subtle.generateKey({ name: "AES-CTR", length: 128 }, true, ["encrypt", "decrypt"]);
        const counter = unhex("ffffffffffffffffffffffffffffffff");
        const data = new Uint8Array(48).fill(7);
        const wrapped = await subtle.encrypt({ name: "AES-CTR", counter, length: 4 }, wrapKey, data);
        const second = await subtle.encrypt({ name: "AES-CTR", counter: unhex("fffffffffffffffffffffffffffffff0"), length: 4 },
          wrapKey, data.subarray(16));
        check(hex(wrapped).slice(32) === hex(second), "AES-CTR counter wraps within its length");
        check(await rejects("OperationError", subtle.encrypt({ name: "AES-CTR", counter, length: 1 }, wrapKey, data))
          === "OperationError", "a counter too short for the data");
        // RFC 3394 § 4.1
        const kek = await subtle.importKey("raw", unhex("000102030405060708090a0b0c0d0e0f"), "AES-KW", false, ["wrapKey", "unwrapKey"]);
        const inner = await subtle.importKey("raw", unhex("00112233445566778899aabbccddeeff"), "AES-GCM", true, ["encrypt"]);
        const kw = await subtle.wrapKey("raw", inner, kek, "AES-KW");
        check(hex(kw) === "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5", "AES-KW " + hex(kw));
        const unwrapped = await subtle.unwrapKey("raw", kw, kek, "AES-KW", "AES-GCM", true, ["decrypt"]);
        check(hex(await subtle.exportKey("raw", unwrapped)) === "00112233445566778899aabbccddeeff", "AES-KW unwrap");
        const byJwk = await subtle.wrapKey("jwk", inner, cbcKey, cbcParams);
        const back = await subtle.unwrapKey("jwk", byJwk, cbcKey, cbcParams, { name: "AES-GCM" }, true, ["encrypt"]);
        check(back.algorithm.length === 128 && back.usages.join() === "encrypt", "wrap as jwk under AES-CBC");
        """));
  }

  @Test
  void ellipticCurveAnd25519KeysSignAgreeAndTravelInEveryFormat() throws Exception {
    assertEquals("ok", run("kat-ec", """
        // RFC 6979 A.2.5: P-256, SHA-256, "sample"
        const publicJwk = { kty: "EC", crv: "P-256", x: "YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y",
          y: "eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk" };
        const p256 = await subtle.importKey("jwk", publicJwk, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
        const signature = unhex("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
          + "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
        check(await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, p256, signature, enc("sample")), "RFC 6979 signature");
        check(!(await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, p256, signature, enc("other"))), "wrong message");
        check(!(await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, p256, signature.slice(1), enc("sample"))), "short signature");
        for (const namedCurve of ["P-256", "P-384", "P-521"]) {
          const pair = await subtle.generateKey({ name: "ECDSA", namedCurve }, true, ["sign", "verify"]);
          check(pair.publicKey.extractable && pair.publicKey.usages.join() === "verify"
            && pair.privateKey.usages.join() === "sign", namedCurve + " usages");
          const jwk = await subtle.exportKey("jwk", pair.privateKey);
          const pkcs8 = await subtle.exportKey("pkcs8", pair.privateKey);
          const spki = await subtle.exportKey("spki", pair.publicKey);
          const raw = await subtle.exportKey("raw", pair.publicKey);
          const fromJwk = await subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve }, false, ["sign"]);
          const fromPkcs8 = await subtle.importKey("pkcs8", pkcs8, { name: "ECDSA", namedCurve }, false, ["sign"]);
          const fromSpki = await subtle.importKey("spki", spki, { name: "ECDSA", namedCurve }, false, ["verify"]);
          const fromRaw = await subtle.importKey("raw", raw, { name: "ECDSA", namedCurve }, false, ["verify"]);
          for (const signer of [fromJwk, fromPkcs8]) {
            const s = await subtle.sign({ name: "ECDSA", hash: "SHA-384" }, signer, enc("m"));
            check(await subtle.verify({ name: "ECDSA", hash: "SHA-384" }, fromSpki, s, enc("m"))
              && await subtle.verify({ name: "ECDSA", hash: "SHA-384" }, fromRaw, s, enc("m")), namedCurve + " round trip");
          }
          const a = await subtle.generateKey({ name: "ECDH", namedCurve }, false, ["deriveBits", "deriveKey"]);
          const b = await subtle.generateKey({ name: "ECDH", namedCurve }, false, ["deriveBits"]);
          check(hex(await subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, null))
            === hex(await subtle.deriveBits({ name: "ECDH", public: a.publicKey }, b.privateKey, null)), namedCurve + " ECDH");
          const aes = await subtle.deriveKey({ name: "ECDH", public: b.publicKey }, a.privateKey, { name: "AES-GCM", length: 128 },
            false, ["encrypt"]);
          check(aes.algorithm.name === "AES-GCM", namedCurve + " deriveKey");
        }
        // RFC 8032 § 7.1 test 1
        const edJwk = { kty: "OKP", crv: "Ed25519", d: "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
          x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" };
        const ed = await subtle.importKey("jwk", edJwk, "Ed25519", true, ["sign"]);
        check(hex(await subtle.sign("Ed25519", ed, new Uint8Array(0))) === "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
          + "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b", "Ed25519 signature");
        const edBack = await subtle.exportKey("jwk", ed);
        check(edBack.x === edJwk.x && edBack.d === edJwk.d && edBack.crv === "Ed25519", "Ed25519 jwk");
        // RFC 7748 § 6.1
        const alice = await subtle.importKey("pkcs8", unhex("302e020100300506032b656e04220420"
          + "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"), "X25519", true, ["deriveBits"]);
        const bob = await subtle.importKey("raw", unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"),
          "X25519", true, []);
        check(hex(await subtle.deriveBits({ name: "X25519", public: bob }, alice, 256))
          === "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", "X25519");
        check((await subtle.exportKey("jwk", alice)).x === "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo", "X25519 public from private");
        """));
  }

  @Test
  void rsaKeysEncryptSignAndTravelInEveryFormat() throws Exception {
    assertEquals("ok", run("kat-rsa", """
        const params = { modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
        const oaep = await subtle.generateKey({ name: "RSA-OAEP", ...params }, true, ["encrypt", "decrypt", "wrapKey", "unwrapKey"]);
        check(oaep.publicKey.algorithm.modulusLength === 1024 && hex(oaep.publicKey.algorithm.publicExponent) === "010001"
          && oaep.publicKey.algorithm.hash.name === "SHA-256", "key algorithm");
        const ct = await subtle.encrypt({ name: "RSA-OAEP", label: enc("label") }, oaep.publicKey, enc("hi"));
        check(new TextDecoder().decode(await subtle.decrypt({ name: "RSA-OAEP", label: enc("label") }, oaep.privateKey, ct)) === "hi",
          "OAEP round trip");
        check(await rejects("OperationError", subtle.decrypt({ name: "RSA-OAEP" }, oaep.privateKey, ct)) === "OperationError",
          "OAEP with another label");
        const jwk = await subtle.exportKey("jwk", oaep.privateKey);
        check(jwk.alg === "RSA-OAEP-256" && jwk.kty === "RSA" && typeof jwk.qi === "string", "private jwk");
        const { alg, key_ops, ...bare } = jwk;
        const pssPrivate = await subtle.importKey("jwk", bare, { name: "RSA-PSS", hash: "SHA-256" }, false, ["sign"]);
        const pssPublic = await subtle.importKey("spki", await subtle.exportKey("spki", oaep.publicKey),
          { name: "RSA-PSS", hash: "SHA-256" }, false, ["verify"]);
        const pss = await subtle.sign({ name: "RSA-PSS", saltLength: 32 }, pssPrivate, enc("m"));
        check(await subtle.verify({ name: "RSA-PSS", saltLength: 32 }, pssPublic, pss, enc("m")), "PSS");
        const pkcs1Private = await subtle.importKey("pkcs8", await subtle.exportKey("pkcs8", oaep.privateKey),
          { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" }, false, ["sign"]);
        const pkcs1Public = await subtle.importKey("jwk", await subtle.exportKey("jwk", oaep.publicKey).then(({ alg, key_ops, ...k }) => k),
          { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" }, false, ["verify"]);
        const sig = await subtle.sign("RSASSA-PKCS1-v1_5", pkcs1Private, enc("m"));
        check(sig.byteLength === 128 && await subtle.verify("RSASSA-PKCS1-v1_5", pkcs1Public, sig, enc("m")), "PKCS1 v1.5");
        const aes = await subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
        const wrapped = await subtle.wrapKey("raw", aes, oaep.publicKey, { name: "RSA-OAEP" });
        const unwrapped = await subtle.unwrapKey("raw", wrapped, oaep.privateKey, { name: "RSA-OAEP" }, "AES-GCM", true, ["encrypt"]);
        check(hex(await subtle.exportKey("raw", unwrapped)) === hex(await subtle.exportKey("raw", aes)), "wrap with RSA-OAEP");
        """));
  }

  @Test
  void misuseRejectsWithTheExceptionTheSpecNames() throws Exception {
    String checks = """
        const hmac = await subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
        const aes = await subtle.generateKey({ name: "AES-GCM", length: 128 }, false, ["encrypt"]);
        const pair = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
        const x = await subtle.generateKey({ name: "ECDH", namedCurve: "P-384" }, false, ["deriveBits"]);
        const y = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
        const expected = {
          "AES with an HMAC key": ["InvalidAccessError", subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, hmac, enc("x"))],
          "a usage the key lacks": ["InvalidAccessError", subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, aes, new Uint8Array(32))],
          "signing with a public key": ["InvalidAccessError", subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.publicKey, enc("x"))],
          "exporting an unextractable key": ["InvalidAccessError", subtle.exportKey("raw", hmac)],
          "ECDH across curves": ["InvalidAccessError", subtle.deriveBits({ name: "ECDH", public: y.publicKey }, x.privateKey, null)],
          "an unknown algorithm": ["NotSupportedError", subtle.digest("MD5", enc("x"))],
          "a usage the algorithm has not": ["SyntaxError", subtle.generateKey({ name: "AES-GCM", length: 128 }, false, ["sign"])],
          "a private key without usages": ["SyntaxError", subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["verify"])],
          "an extractable PBKDF2 key": ["SyntaxError", subtle.importKey("raw", enc("pw"), "PBKDF2", true, ["deriveBits"])],
          "an AES key of 40 bits": ["DataError", subtle.importKey("raw", new Uint8Array(5), "AES-GCM", false, ["encrypt"])],
          "SPKI that is not DER": ["DataError", subtle.importKey("spki", new Uint8Array(10), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"])],
          "a JWK of the wrong kty": ["DataError", subtle.importKey("jwk", { kty: "RSA", k: "AAAA" }, "AES-CBC", false, ["encrypt"])],
          "a JWK with bad base64url": ["DataError", subtle.importKey("jwk", { kty: "oct", k: "!!!" }, "HMAC" === "x" ? "" : { name: "HMAC", hash: "SHA-1" }, false, ["sign"])],
          "a GCM ciphertext shorter than its tag": ["OperationError", subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) },
            await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["decrypt"]), new Uint8Array(8))],
          "a CBC iv of 8 bytes": ["OperationError", subtle.encrypt({ name: "AES-CBC", iv: new Uint8Array(8) },
            await subtle.importKey("raw", new Uint8Array(16), "AES-CBC", false, ["encrypt"]), enc("x"))],
          "HKDF without a length": ["OperationError", subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(), info: new Uint8Array() },
            await subtle.importKey("raw", enc("k"), "HKDF", false, ["deriveBits"]), null)],
          "not a CryptoKey": ["TypeError", subtle.sign("HMAC", {}, enc("x"))],
          "a string as data": ["TypeError", subtle.digest("SHA-256", "abc")],
          "a missing algorithm member": ["TypeError", subtle.importKey("raw", new Uint8Array(16), { name: "HMAC" }, false, ["sign"])],
        };
        for (const [what, [name, promise]] of Object.entries(expected)) {
          const got = await rejects(name, promise);
          check(got === name, what + ": " + got);
        }
        let illegal = "";
        try { new CryptoKey(); } catch (e) { illegal = e.constructor.name; }
        check(illegal === "TypeError", "new CryptoKey()");
        let uncloneable = "";
        try { structuredClone(aes); } catch (e) { uncloneable = e.name; }
        check(uncloneable === "DataCloneError", "structuredClone of a CryptoKey: " + uncloneable);
        check(crypto.subtle === subtle && subtle instanceof SubtleCrypto && Object.prototype.toString.call(subtle) === "[object SubtleCrypto]",
          "one SubtleCrypto");
        """;
    assertEquals("ok", run("misuse", checks));
    assertEquals("ok", node.get("/misuse/again").body());
  }
}
