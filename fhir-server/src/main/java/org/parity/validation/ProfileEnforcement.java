package org.parity.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.parity.conformance.ParityPackage;
import org.parity.fhir.Refusal;
import org.parity.fhir.StorageInterceptor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Every create and update, whatever its route (REST, transaction entry, internal write), passes here
 * before it is stored. A failure throws 422 with an OperationOutcome naming each element and reason;
 * inside a transaction the whole transaction is rolled back, so nothing is stored.
 */
@Component
public class ProfileEnforcement implements StorageInterceptor {

  private final FhirContext fhirContext;
  private final IValidationSupport validationSupport;
  private final FhirValidator validator;
  private final List<ProfileRule> rules;

  public ProfileEnforcement(
      FhirContext fhirContext,
      JpaValidationSupportChain validationSupport,
      @Qualifier("myInstanceValidator") IInstanceValidatorModule instanceValidator,
      // Taken so the chain holds Parity's profiles before the first write is checked.
      ParityPackage parityPackage,
      List<ProfileRule> rules) {
    this.rules = rules;
    this.fhirContext = fhirContext;
    this.validationSupport = validationSupport;
    this.validator = fhirContext.newValidator();
    this.validator.registerValidatorModule(instanceValidator);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void beforeCreate(IBaseResource resource) {
    enforce(resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
    enforce(resource);
  }

  void enforce(IBaseResource resource) {
    if (!(resource instanceof Resource r)) {
      return;
    }
    Refusal errors = new Refusal();
    String type = r.fhirType();

    if (r instanceof Patient patient) {
      checkNhsNumbers(patient, errors);
    }

    List<CanonicalType> claimed = r.getMeta().getProfile();
    boolean claimsProfile = !claimed.isEmpty();
    for (int i = 0; i < claimed.size(); i++) {
      String url = claimed.get(i).getValue();
      if (url == null || validationSupport.fetchStructureDefinition(stripVersion(url)) == null) {
        errors.add(IssueType.NOTSUPPORTED, type + ".meta.profile[" + i + "]",
            "Profile '" + url + "' is not known to this server; claim a Parity profile or none");
      }
    }
    errors.throwIfAny();

    ValidationOptions options = new ValidationOptions();
    rules.forEach(rule -> rule.requiredProfile(r).ifPresent(options::addProfile));
    if (!claimsProfile && options.getProfiles().isEmpty()) {
      return;
    }
    ValidationResult result = validator.validateWithResult(r, options);
    for (SingleValidationMessage message : result.getMessages()) {
      if (message.getSeverity() == ResultSeverityEnum.ERROR
          || message.getSeverity() == ResultSeverityEnum.FATAL) {
        errors.add(IssueType.PROCESSING, message.getLocationString(), message.getMessage());
      }
    }
    errors.throwIfAny();
  }

  private static void checkNhsNumbers(Patient patient, Refusal errors) {
    List<Identifier> identifiers = patient.getIdentifier();
    for (int i = 0; i < identifiers.size(); i++) {
      Identifier identifier = identifiers.get(i);
      if (NhsNumber.SYSTEM.equals(identifier.getSystem())) {
        String problem = NhsNumber.problem(identifier.getValue());
        if (problem != null) {
          errors.add(IssueType.INVALID, "Patient.identifier[" + i + "].value", problem);
        }
      }
    }
  }

  private static String stripVersion(String canonical) {
    int bar = canonical.indexOf('|');
    return bar < 0 ? canonical : canonical.substring(0, bar);
  }
}
