/**
 * Renewal without anyone's hand: {@link dev.meridian.acme.renewal.RenewalScheduler} renews each
 * stored certificate two thirds into its lifetime, retries failures with capped exponential backoff
 * and jitter ({@code Backoff}) while the old certificate keeps serving, and reports through
 * Micrometer. {@link dev.meridian.acme.renewal.RenewalConfig} holds its options, {@link
 * dev.meridian.acme.renewal.RenewalStatus} what it reports per certificate.
 */
@NullMarked
package dev.meridian.acme.renewal;

import org.jspecify.annotations.NullMarked;
