package org.parity.fhir;

/**
 * Marks a HAPI interceptor for the storage layer ({@code STORAGE_*} pointcuts). It is registered with
 * HAPI's global interceptor service, so it sees every write: REST, transaction entries and internal
 * writes alike.
 */
public interface StorageInterceptor {}
