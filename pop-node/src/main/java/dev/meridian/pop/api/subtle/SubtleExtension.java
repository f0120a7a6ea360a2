package dev.meridian.pop.api.subtle;

import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.HostOp;
import java.util.List;

/**
 * {@code crypto.subtle} of Web Crypto (SubtleCrypto, CryptoKey) on the JDK's providers: the
 * JavaScript checks arguments, algorithms, key types and usages and holds the keys; each operation's
 * host half is a class of its own ({@link SubtleDigest}, {@link SubtleSign}, {@link SubtleVerify},
 * {@link SubtleEncrypt}, {@link SubtleDecrypt}, {@link SubtleGenerateKey}, {@link SubtleDeriveBits},
 * {@link SubtleImportKey}, {@link SubtleExportKey}), as Deno's ext/crypto has one file per operation.
 * Errors are DOMExceptions with the names the spec gives ({@link SubtleErrors}).
 *
 * <p>The ops are synchronous: the JavaScript wraps each in the promise the method returns.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>value</th><th>past it</th></tr>
 *   <tr><td>RSA modulus generated</td><td>{@link SubtleGenerateKey#MAX_RSA_MODULUS_BITS} bits</td>
 *       <td>OperationError</td></tr>
 *   <tr><td>PBKDF2 iterations</td><td>{@link SubtleDeriveBits#MAX_PBKDF2_ITERATIONS}</td>
 *       <td>OperationError</td></tr>
 * </table>
 */
public final class SubtleExtension implements Extension {

  @Override
  public String name() {
    return "subtle";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl", "dom", "encoding", "base64", "crypto");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_subtle.js");
  }

  @Override
  public List<HostOp> ops() {
    return List.of(
        new HostOp("op_subtle_digest", args -> SubtleDigest.digest((String) args[0], (byte[]) args[1])),
        new HostOp("op_subtle_sign",
            args -> SubtleSign.sign(Jca.map(args[0], "the algorithm"), Jca.Key.of(args[1]), (byte[]) args[2])),
        new HostOp("op_subtle_verify", args -> SubtleVerify.verify(Jca.map(args[0], "the algorithm"),
            Jca.Key.of(args[1]), (byte[]) args[2], (byte[]) args[3])),
        new HostOp("op_subtle_encrypt",
            args -> SubtleEncrypt.encrypt(Jca.map(args[0], "the algorithm"), Jca.Key.of(args[1]), (byte[]) args[2])),
        new HostOp("op_subtle_decrypt",
            args -> SubtleDecrypt.decrypt(Jca.map(args[0], "the algorithm"), Jca.Key.of(args[1]), (byte[]) args[2])),
        new HostOp("op_subtle_generate_key", args -> SubtleGenerateKey.generate(Jca.map(args[0], "the algorithm"))),
        new HostOp("op_subtle_derive_bits", args -> SubtleDeriveBits.derive(Jca.map(args[0], "the algorithm"),
            Jca.Key.of(args[1]), args[2] == null ? null : ((Number) args[2]).longValue())),
        new HostOp("op_subtle_import_key", args -> SubtleImportKey.importKey((String) args[0], args[1],
            Jca.map(args[2], "the algorithm"))),
        new HostOp("op_subtle_export_key", args -> SubtleExportKey.export((String) args[0], Jca.Key.of(args[1]))));
  }
}
