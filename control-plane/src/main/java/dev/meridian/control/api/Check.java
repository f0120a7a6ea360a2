package dev.meridian.control.api;

import dev.meridian.control.http.ApiException;
import dev.meridian.control.http.ApiRequest;
import dev.meridian.control.store.Workers;
import dev.meridian.control.store.Workers.Worker;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Request field checks whose errors name the field and the rule. */
final class Check {

  private Check() {}

  static <T> T required(@Nullable T value, String field) {
    if (value == null) {
      throw ApiException.badRequest("the field \"" + field + "\" is required");
    }
    return value;
  }

  static String matches(@Nullable String value, String field, Pattern pattern, String rule) {
    String v = required(value, field);
    if (!pattern.matcher(v).matches()) {
      throw ApiException.badRequest("\"" + field + "\" is \"" + v + "\" but must be " + rule);
    }
    return v;
  }

  /** The caller's worker {@code {name}}; 404 when the caller's tenant has none of that name. */
  static Worker worker(Workers workers, ApiRequest request) {
    Worker w = workers.get(request.tenant(), request.param("name"));
    if (w == null) {
      throw ApiException.notFound("no worker \"" + request.param("name") + "\"; deploy it first");
    }
    return w;
  }
}
