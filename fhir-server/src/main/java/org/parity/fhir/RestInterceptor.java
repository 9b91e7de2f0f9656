package org.parity.fhir;

/**
 * Marks a HAPI interceptor for the REST layer ({@code SERVER_*} pointcuts). The FHIR endpoint registers
 * every bean implementing this before it takes traffic.
 */
public interface RestInterceptor {}
