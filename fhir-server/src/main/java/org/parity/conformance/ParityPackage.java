package org.parity.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.springframework.stereotype.Component;

/**
 * The Parity FHIR package (module {@code profiles}), loaded once at start-up from the classpath and added
 * to HAPI's JPA validation support chain, so that writes, {@code $validate} and the CapabilityStatement
 * all see the same profiles.
 */
@Component
public class ParityPackage {

  public static final String CLASSPATH = "classpath:org/parity/profiles/package.tgz";
  public static final String CANONICAL_BASE = "https://parity-epr.org/fhir";

  private final String name;
  private final String version;
  private final List<StructureDefinition> profiles;
  private final NpmPackage npm;

  public ParityPackage(FhirContext fhirContext, JpaValidationSupportChain validationChain) {
    NpmPackageValidationSupport support = new NpmPackageValidationSupport(fhirContext);
    try {
      support.loadPackageFromClasspath(CLASSPATH);
      try (InputStream in = getClass().getResourceAsStream("/org/parity/profiles/package.tgz")) {
        this.npm = NpmPackage.fromPackage(in);
        this.name = npm.name();
        this.version = npm.version();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load the Parity FHIR package from " + CLASSPATH, e);
    }
    List<IBaseResource> all = support.fetchAllStructureDefinitions();
    this.profiles =
        all.stream()
            .map(StructureDefinition.class::cast)
            .filter(sd -> sd.getUrl().startsWith(CANONICAL_BASE))
            .toList();
    validationChain.addValidationSupport(0, support);
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  /** Canonical URLs of the package's StructureDefinitions (profiles and extensions). */
  public Set<String> profileUrls() {
    Set<String> urls = new TreeSet<>();
    profiles.forEach(sd -> urls.add(sd.getUrl()));
    return urls;
  }

  public List<StructureDefinition> profiles() {
    return profiles;
  }

  /** The package's own files in {@code package/} (not its examples), as JSON strings. */
  public List<String> conformanceResources() {
    List<String> json = new ArrayList<>();
    try {
      for (String file : npm.list("package")) {
        if (file.endsWith(".json") && !file.equals("package.json") && !file.startsWith(".")) {
          try (InputStream in = npm.load("package", file)) {
            json.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return json;
  }
}
