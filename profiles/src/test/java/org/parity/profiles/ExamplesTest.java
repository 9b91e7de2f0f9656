package org.parity.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.util.ClasspathUtil;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks the package the build wrote (PackageBuilder runs at process-test-classes, before the tests) the way
 * the server uses it: loaded from the classpath into NpmPackageValidationSupport, examples run through HAPI's
 * FhirInstanceValidator. Examples named valid-* must have no errors, invalid-* must fail where expected.
 */
class ExamplesTest {

    private static final String PACKAGE = "classpath:org/parity/profiles/package.tgz";
    private static final String CANONICAL = "https://parity-epr.org/fhir/StructureDefinition/";

    /** Where each invalid example must fail: text that an error's location or message must contain. */
    private static final Map<String, String> EXPECTED_ERROR = Map.ofEntries(
            Map.entry("invalid-patient-check-digit", "Patient.identifier[0].value: Constraint failed: parity-nhs-1"),
            Map.entry("invalid-patient-no-nhs-number", "Patient.identifier:nhsNumber"),
            Map.entry("invalid-encounter-no-ward", "Encounter.location:ward"),
            Map.entry("invalid-ward-no-ods-site-code", "Location.identifier:odsSiteCode"),
            Map.entry("invalid-bed-no-part-of", "Location.partOf"),
            Map.entry("invalid-fluid-intake-litres", "Observation.value.ofType(Quantity).code: Value is 'L' but is fixed to 'mL'"),
            Map.entry("invalid-fluid-intake-negative", "Observation.value.ofType(Quantity).value: decimal value is less than permitted minimum"),
            Map.entry("invalid-fluid-intake-no-route", "Slice 'Observation.component:route': a matching slice is required"),
            Map.entry("invalid-fluid-intake-no-time-zone", "Observation.effective.ofType(dateTime): Constraint failed: parity-chart-2"),
            Map.entry("invalid-fluid-output-no-value", "Observation: Constraint failed: parity-out-1"),
            Map.entry("invalid-fluid-output-unmeasured-no-episode", "Observation: Constraint failed: parity-out-1"),
            Map.entry("invalid-food-intake-portion-most", "None of the codings provided are in the value set 'Portion Eaten'"),
            Map.entry("invalid-body-weight-pounds", "Observation.value.ofType(Quantity).code: Value is '[lb_av]' but is fixed to 'kg'"),
            Map.entry("invalid-body-weight-zero", "Observation.value.ofType(Quantity).value: Constraint failed: parity-wt-1"),
            Map.entry("invalid-body-height-inches", "Observation.value.ofType(Quantity).code: Value is '[in_i]' but is fixed to 'cm'"),
            Map.entry("invalid-must-screening-wrong-total", "Observation: Constraint failed: parity-must-1"),
            Map.entry("invalid-must-screening-wrong-risk", "Observation: Constraint failed: parity-must-2"),
            Map.entry("invalid-fluid-target-no-expressed-by", "Goal.expressedBy: minimum required = 1"),
            Map.entry("invalid-vte-risk-assessment-no-basis", "RiskAssessment.basis: minimum required = 1"),
            Map.entry("invalid-vte-risk-assessment-two-thrombosis", "Constraint failed: parity-vte-1"),
            Map.entry("invalid-vte-risk-assessment-unknown-recommendation", "give-enoxaparin-40mg"),
            Map.entry("invalid-vte-task-no-due-time", "Task.restriction.period.end: minimum required = 1"),
            Map.entry("invalid-safety-plan-review-task-no-plan", "Task.focus: minimum required = 1"),
            Map.entry("invalid-restrictive-intervention-unknown-code", "mechanical-restraint"),
            Map.entry("invalid-safety-plan-agreed-no-review-date", "Constraint failed: parity-sp-1"),
            Map.entry("invalid-safety-plan-agreed-no-crisis-contact", "Constraint failed: parity-sp-2"),
            Map.entry("invalid-safety-plan-entry-no-author", "Slice 'CarePlan.activity.extension:author'"),
            Map.entry("invalid-safety-plan-unknown-section", "triggers"),
            Map.entry("invalid-safety-plan-share-no-recipient", "Communication.recipient: minimum required = 1"),
            Map.entry("invalid-safety-plan-consent-contribute-anyone", "Constraint failed: parity-spc-1"),
            Map.entry("invalid-vte-response-no-encounter", "Constraint failed: parity-vteqr-1"),
            Map.entry("invalid-vte-response-unknown-mobility", "bed-bound"),
            Map.entry("invalid-deadline-task-not-applicable-no-reason", "Constraint failed: parity-dl-1"),
            Map.entry("invalid-deadline-task-completed-no-output", "Constraint failed: parity-dl-2"),
            Map.entry("invalid-deadline-task-unknown-status", "late"),
            Map.entry("invalid-phr-response-no-encounter", "QuestionnaireResponse.encounter: minimum required = 1"),
            Map.entry("invalid-phr-response-weight-in-pounds", "lb_av"));

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, byte[]> files;
    private static FhirValidator validator;

    @BeforeAll
    static void loadPackage() throws IOException {
        files = untar(ClasspathUtil.loadResourceAsByteArray(PACKAGE));
        NpmPackageValidationSupport parity = new NpmPackageValidationSupport(FHIR);
        parity.loadPackageFromClasspath(PACKAGE);
        // No SnapshotGeneratingValidationSupport: the package must bring its own snapshots.
        ValidationSupportChain chain = new ValidationSupportChain(
                parity,
                new PackageQuestionnaires(),
                new DefaultProfileValidationSupport(FHIR),
                new CommonCodeSystemsTerminologyService(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR));
        validator = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    /**
     * NpmPackageValidationSupport holds only StructureDefinitions, CodeSystems, ValueSets and SearchParameters; this
     * gives the validator the package's Questionnaires too (as the server's database does), so QuestionnaireResponse
     * examples are also checked against their Questionnaire (answer types, options, enableWhen, required items).
     */
    private static final class PackageQuestionnaires implements IValidationSupport {
        @Override
        public FhirContext getFhirContext() {
            return FHIR;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T extends IBaseResource> T fetchResource(Class<T> type, String url) {
            if (type != null && !type.isAssignableFrom(Questionnaire.class)) {
                return null;
            }
            String unversioned = url.contains("|") ? url.substring(0, url.indexOf('|')) : url;
            return (T) files.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("package/Questionnaire-"))
                    .map(e -> (Questionnaire) parse(e.getValue()))
                    .filter(q -> q.getUrl().equals(unversioned))
                    .findFirst().orElse(null);
        }
    }

    @TestFactory
    Stream<DynamicTest> examples() {
        return exampleNames().map(name -> DynamicTest.dynamicTest(name, () -> checkExample(name)));
    }

    private static void checkExample(String name) {
        Resource example = parse(files.get(name));
        String id = example.getIdPart();
        List<String> claimed = example.getMeta().getProfile().stream().map(CanonicalType::getValue).toList();
        assertTrue(!claimed.isEmpty() && profileUrls().containsAll(claimed), name + " must claim a Parity profile in meta.profile");
        List<String> errors = errors(example);
        if (id.startsWith("valid-")) {
            assertEquals(List.of(), errors, name + " should be valid");
        } else if (id.startsWith("invalid-")) {
            String expected = EXPECTED_ERROR.get(id);
            if (expected == null) {
                fail("Add to EXPECTED_ERROR where " + id + " must fail; its errors: " + errors);
            }
            assertTrue(errors.stream().anyMatch(e -> e.contains(expected)),
                    name + " should fail at " + expected + " but its errors are " + errors);
        } else {
            fail(name + ": example ids start with valid- or invalid-");
        }
    }

    @Test
    void everyProfileHasValidAndInvalidExamples() {
        Map<String, Set<String>> kindsByProfile = new TreeMap<>();
        exampleNames().map(name -> parse(files.get(name))).forEach(example -> example.getMeta().getProfile().forEach(
                profile -> kindsByProfile.computeIfAbsent(profile.getValue(), p -> new TreeSet<>())
                        .add(example.getIdPart().startsWith("valid-") ? "valid" : "invalid")));
        // Profiles of resources; extensions are exercised by the examples of the profiles that use them.
        for (String profile : resourceProfileUrls()) {
            assertEquals(Set.of("valid", "invalid"), kindsByProfile.get(profile), profile);
        }
    }

    @Test
    void packageHasNpmLayoutIndexesAndSnapshots() throws IOException {
        assertTrue(files.keySet().stream().allMatch(name -> name.startsWith("package/")), files.keySet().toString());
        JsonNode manifest = JSON.readTree(files.get("package/package.json"));
        assertEquals("parity.fhir.r4", manifest.path("name").asText());
        for (String folder : List.of("package/", "package/example/")) {
            JsonNode index = JSON.readTree(files.get(folder + ".index.json"));
            assertEquals(1, index.path("index-version").asInt());
            Set<String> indexed = index.path("files").findValuesAsText("filename").stream().collect(Collectors.toSet());
            Set<String> present = files.keySet().stream()
                    .filter(n -> n.startsWith(folder) && n.indexOf('/', folder.length()) < 0)
                    .map(n -> n.substring(folder.length()))
                    .filter(n -> !n.equals(".index.json") && !n.equals("package.json"))
                    .collect(Collectors.toSet());
            assertEquals(present, indexed, folder + ".index.json");
        }
        for (String url : profileUrls()) {
            StructureDefinition sd = (StructureDefinition) parse(files.get("package/StructureDefinition-" + url.substring(CANONICAL.length()) + ".json"));
            assertTrue(sd.hasSnapshot() && sd.hasDifferential(), url + " needs snapshot and differential");
        }
    }

    /** parity-nhs-1 run by HAPI's validator: weights 10..2, check = 11 - sum mod 11, 11 means 0, 10 means invalid. */
    @ParameterizedTest(name = "{0} valid={1}")
    @CsvSource({
            "9990000018, true",
            "9990395950, true",    // sum mod 11 = 0: check digit 11 becomes 0
            "9990554331, true",
            "9990000019, false",   // wrong check digit
            "9990000000, false",   // sum mod 11 = 1: check digit would be 10, so no number is valid
            "999000001, false",    // 9 digits
            "99900000180, false",  // 11 digits
            "'999 000 0018', false",
            "999000001A, false"})
    void nhsNumberCheckDigit(String nhsNumber, boolean valid) {
        Patient patient = new Patient();
        patient.getMeta().addProfile(CANONICAL + "parity-patient");
        patient.addIdentifier(new Identifier().setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue(nhsNumber));
        patient.addName().setFamily("Ellis").addGiven("Jordan");
        List<String> errors = errors(patient);
        assertEquals(!valid, errors.stream().anyMatch(e -> e.contains("parity-nhs-1")), errors.toString());
        if (valid) {
            assertEquals(List.of(), errors);
        }
    }

    private static List<String> errors(Resource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .toList();
    }

    private static Stream<String> exampleNames() {
        return files.keySet().stream().filter(n -> n.startsWith("package/example/") && !n.endsWith("/.index.json"));
    }

    private static Set<String> profileUrls() {
        return files.keySet().stream()
                .filter(n -> n.startsWith("package/StructureDefinition-"))
                .map(n -> CANONICAL + n.substring("package/StructureDefinition-".length(), n.length() - ".json".length()))
                .collect(Collectors.toSet());
    }

    private static Set<String> resourceProfileUrls() {
        return profileUrls().stream()
                .filter(url -> ((StructureDefinition) parse(files.get("package/StructureDefinition-" + url.substring(CANONICAL.length()) + ".json")))
                        .getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE)
                .collect(Collectors.toSet());
    }

    private static Resource parse(byte[] json) {
        return (Resource) FHIR.newJsonParser().parseResource(new String(json, StandardCharsets.UTF_8));
    }

    private static Map<String, byte[]> untar(byte[] tgz) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tgz)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.put(e.getName(), tar.readAllBytes());
            }
        }
        return entries;
    }
}
