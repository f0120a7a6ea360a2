/**
 * What the control plane keeps true at the edge from the deployments and the PoPs' reports: DNS
 * answers every routed hostname with near, healthy PoPs ({@link
 * dev.meridian.control.edge.HostnamePublisher}, {@link dev.meridian.control.edge.PopHealthListener}),
 * and every routed hostname has a certificate from the ACME CA ({@link
 * dev.meridian.control.edge.CertificateOrders}).
 */
@NullMarked
package dev.meridian.control.edge;

import org.jspecify.annotations.NullMarked;
