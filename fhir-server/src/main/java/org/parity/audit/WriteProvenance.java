package org.parity.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import jakarta.annotation.PostConstruct;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Provenance;
import org.parity.fhir.ParityStorageSettings;
import org.parity.fhir.BeforeCommit;
import org.parity.fhir.StorageInterceptor;
import org.parity.security.RequestAccess;
import org.springframework.stereotype.Component;

/**
 * Every client write gets a Provenance, stored in the same database transaction as the write: the resources
 * a database transaction creates, updates or deletes ({@code STORAGE_PRECOMMIT_RESOURCE_*}) are gathered, and
 * just before it commits one Provenance naming all of them is created (so a FHIR transaction gets one, a
 * batch one per entry). If the Provenance cannot be stored, the write is not stored either. After the commit
 * the written resources are handed to the request's AuditEvent ({@link AuditTrail}).
 *
 * <p>Not covered: the server's own writes (SystemRequestDetails: demo data, the package installer, AuditEvents),
 * and Provenance and AuditEvent resources themselves.
 */
@Component
public class WriteProvenance implements StorageInterceptor {

  private final FhirContext fhirContext;
  private final DaoRegistry daos;

  public WriteProvenance(FhirContext fhirContext, DaoRegistry daos) {
    this.fhirContext = fhirContext;
    this.daos = daos;
  }

  @PostConstruct
  void keepVersionedTargets() {
    // HAPI strips versions from references when storing, except at listed paths: Provenance names versions.
    Set<String> paths = new LinkedHashSet<>(fhirContext.getParserOptions().getDontStripVersionsFromReferencesAtPaths());
    paths.add("Provenance.target");
    paths.add("AuditEvent.entity.what");
    fhirContext.getParserOptions().setDontStripVersionsFromReferencesAtPaths(paths);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    written(resource, request, Provenances.Activity.CREATE);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    written(resource, request, Provenances.Activity.UPDATE);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource, RequestDetails request) {
    written(resource, request, Provenances.Activity.DELETE);
  }

  private void written(IBaseResource resource, RequestDetails request, Provenances.Activity activity) {
    if (request == null || request instanceof SystemRequestDetails || resource == null) {
      return; // the server's own writes
    }
    String type = fhirContext.getResourceType(resource);
    if (type.equals("AuditEvent") || type.equals("Provenance")) {
      return;
    }
    IIdType id = resource.getIdElement();
    String target = type + "/" + id.getIdPart() + (id.hasVersionIdPart() ? "/_history/" + id.getVersionIdPart() : "");
    Set<String> patients = AuditRecord.patientsOf(fhirContext, List.of(resource));
    BeforeCommit.add(WriteProvenance.class.getName(), new Written(request, target, activity, patients),
        this::storeProvenance, WriteProvenance::audit);
  }

  /** One resource written in this database transaction. */
  private record Written(RequestDetails request, String target, Provenances.Activity activity, Set<String> patients) {}

  /** One Provenance for all the writes of the transaction, stored in it. */
  private void storeProvenance(List<Written> writes) {
    Map<String, Provenances.Activity> targets = new LinkedHashMap<>();
    Set<String> patients = new LinkedHashSet<>();
    writes.forEach(write -> {
      targets.put(write.target(), write.activity());
      patients.addAll(write.patients());
    });
    RequestAccess access = RequestAccess.of(writes.get(0).request());
    Set<String> breakGlass = new LinkedHashSet<>(access.breakGlassPatients());
    breakGlass.retainAll(patients);
    Provenance provenance = Provenances.toProvenance(new ArrayList<>(targets.keySet()),
        new ArrayList<>(targets.values()), access.caller(), !breakGlass.isEmpty(), Instant.now());
    ParityStorageSettings.withoutReferentialIntegrity(
        () -> daos.getResourceDao(Provenance.class).create(provenance, new SystemRequestDetails()));
  }

  /** Once committed, the request's AuditEvent names what it wrote. */
  private static void audit(List<Written> writes) {
    AuditRecord record = AuditRecord.of(writes.get(0).request());
    writes.forEach(write -> {
      record.resource(write.target());
      record.patients(write.patients());
    });
  }
}
