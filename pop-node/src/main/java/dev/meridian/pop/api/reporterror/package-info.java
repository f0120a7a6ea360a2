/** The {@code reportError} global and the report-an-exception hook; see {@code api/reporterror/README.md}. */
@NullMarked
package dev.meridian.pop.api.reporterror;

import org.jspecify.annotations.NullMarked;
