package dev.meridian.control.auth;

import dev.meridian.control.store.Tokens.TokenRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;

/**
 * The bootstrap token: on first start an admin token of tenant {@value Principal#OPERATOR_TENANT}
 * with every scope is minted and written to {@code DIR/admin-token} (mode 0600, created with that
 * mode so it is never readable by others, even briefly); later starts read it back. The file is
 * the only place the token exists in clear.
 */
public final class AdminTokenFile {

  public static final String NAME = "admin-token";

  private AdminTokenFile() {}

  /** The admin token, minted and written on first start, read back later. */
  public static String ensure(Path dataDir, TokenService tokens, Instant now) throws IOException {
    Path file = dataDir.resolve(NAME);
    if (Files.exists(file)) {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      TokenRow row = tokens.find(token);
      if (row == null) {
        // The database was replaced but the file kept: the file's token stays the admin token.
        tokens.register(token, Principal.OPERATOR_TENANT, "admin (bootstrap)", EnumSet.allOf(Scope.class), now);
      }
      return token;
    }
    // The operator's way in never expires: there would be no token left to mint a new one with.
    TokenService.Minted minted = tokens.mint(Principal.OPERATOR_TENANT, "admin (bootstrap)",
        EnumSet.allOf(Scope.class), now, null);
    Path tmp = dataDir.resolve(NAME + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("another control plane is starting in " + dataDir, e);
    }
    Files.writeString(tmp, minted.token() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file);
    return minted.token();
  }
}
