/**
 * Whole-system benchmarks: each program starts Meridian (the runnable jar) as its own process, drives
 * it over loopback, and prints its figures next to a baseline measured in the same run. Nothing here
 * links against the system's code (the HTTP/2 and HTTP/3 clients are Netty's).
 */
@NullMarked
package dev.meridian.load;

import org.jspecify.annotations.NullMarked;
