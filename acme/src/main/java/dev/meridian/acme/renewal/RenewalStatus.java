package dev.meridian.acme.renewal;

import dev.meridian.acme.CertificateRequest;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where the renewal of one certificate stands, for an admin endpoint or a test.
 *
 * @param request              the hostnames and challenge type
 * @param notAfter             when the stored certificate expires; {@code null} when none is stored
 * @param nextAttempt          when the scheduler tries next ({@link Instant#MIN} for "at once")
 * @param consecutiveFailures  failed attempts since the last success
 * @param lastError            the last failure's message; {@code null} after a success
 * @param alerting             the value of the alert gauge
 */
public record RenewalStatus(
    CertificateRequest request,
    @Nullable Instant notAfter,
    Instant nextAttempt,
    int consecutiveFailures,
    @Nullable String lastError,
    boolean alerting) {}
