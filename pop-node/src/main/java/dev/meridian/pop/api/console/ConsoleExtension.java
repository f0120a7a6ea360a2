package dev.meridian.pop.api.console;

import dev.meridian.pop.api.Extension;
import dev.meridian.pop.api.HostOp;
import dev.meridian.pop.api.OpContext;
import java.util.List;

/**
 * The console namespace (WHATWG Console Standard): formatting happens in JavaScript, each call
 * becomes one structured log line tagged with the deployment and the request.
 */
public final class ConsoleExtension implements Extension {

  @Override
  public String name() {
    return "console";
  }

  @Override
  public List<String> dependencies() {
    return List.of("webidl");
  }

  @Override
  public List<String> scripts() {
    return List.of("01_console.js");
  }

  @Override
  public List<HostOp> ops() {
    return List.of(new HostOp("op_console_log", args -> {
      OpContext.current().log((String) args[0], (String) args[1]);
      return null;
    }));
  }
}
