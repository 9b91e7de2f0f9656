package org.parity.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.hapi.converters.canonical.VersionCanonicalizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.ProfileKnowledgeWorkerR5;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.utilities.validation.ValidationMessage.IssueSeverity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Build step of the profiles module: turns the differential-only sources in {@code package/} into a FHIR NPM
 * package (.tgz) whose StructureDefinitions carry generated snapshots, so that servers and tools need not
 * generate them at start-up.
 *
 * <p>Usage: {@code PackageBuilder <source folder> <output.tgz>...} (the same bytes go to every output).
 * Throws, and so fails the Maven build, on any JSON that does not parse and on any snapshot error.
 */
public final class PackageBuilder {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();
    // npm's own fixed entry time: the same sources always give the same bytes.
    private static final FileTime ENTRY_TIME = FileTime.from(Instant.parse("1985-10-26T08:15:00Z"));

    /** One resource of the package with the file name it gets there. */
    private record Entry(String fileName, Resource resource, byte[] source) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: PackageBuilder <source folder> <output.tgz>...");
        }
        long start = System.nanoTime();
        byte[] tgz = build(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            Path out = Path.of(args[i]).toAbsolutePath();
            Files.createDirectories(out.getParent());
            Files.write(out, tgz);
            System.out.println("[PackageBuilder] wrote " + out + " (" + tgz.length + " bytes)");
        }
        System.out.printf("[PackageBuilder] done in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    /** Reads the source folder and returns the package as .tgz bytes. */
    public static byte[] build(Path sourceDir) throws IOException {
        byte[] packageJson = Files.readAllBytes(sourceDir.resolve("package.json"));
        JsonNode manifest = JSON.readTree(packageJson);
        String canonical = manifest.path("canonical").asText();
        String version = manifest.path("version").asText();

        List<Entry> conformance = read(sourceDir);
        for (Entry e : conformance) {
            // Catches copy-paste slips: the server and other packages refer to profiles by exactly this URL.
            if (e.resource() instanceof MetadataResource m) {
                String expected = canonical + "/" + m.fhirType() + "/" + m.getIdPart();
                if (!expected.equals(m.getUrl()) || !version.equals(m.getVersion())) {
                    throw new IllegalStateException(e.fileName() + ": url must be " + expected + " and version " + version);
                }
            }
        }
        conformance = withSnapshots(conformance);
        List<Entry> examples = read(sourceDir.resolve("example"));

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package.json", packageJson);
        files.put(".index.json", index(conformance));
        IParser pretty = FHIR.newJsonParser().setPrettyPrint(true);
        for (Entry e : conformance) {
            files.put(e.fileName(), pretty.encodeResourceToString(e.resource()).getBytes(StandardCharsets.UTF_8));
        }
        files.put("example/.index.json", index(examples));
        for (Entry e : examples) {
            files.put("example/" + e.fileName(), e.source());
        }
        return tgz(files);
    }

    /** Parses every *.json resource directly in {@code dir}, strictly, so a typo in an element name fails the build. */
    private static List<Entry> read(Path dir) throws IOException {
        IParser parser = FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.equals("package.json")) {
                    continue;
                }
                byte[] source = Files.readAllBytes(file);
                Resource resource;
                try {
                    resource = (Resource) parser.parseResource(new String(source, StandardCharsets.UTF_8));
                } catch (RuntimeException ex) {
                    throw new IllegalStateException(file + ": " + ex.getMessage(), ex);
                }
                // Keeps the source tree and the package in step (<Type>-<id>.json is the package convention).
                String expected = resource.fhirType() + "-" + resource.getIdPart() + ".json";
                if (!name.equals(expected)) {
                    throw new IllegalStateException(file + ": file name must be " + expected);
                }
                entries.add(new Entry(name, resource, source));
            }
        }
        return entries;
    }

    /**
     * Returns the entries with a snapshot generated for every StructureDefinition that has only a differential.
     * Profiles are done base-first, and each result replaces its source in the package's own validation support,
     * so a Parity profile based on another Parity profile builds on the finished base.
     */
    private static List<Entry> withSnapshots(List<Entry> entries) {
        PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(FHIR);
        entries.forEach(e -> own.addResource(e.resource()));
        // Caching off, since 'own' changes under the chain while we work. SnapshotGeneratingValidationSupport
        // completes any definition fetched without a snapshot; base-first order means ours never need it.
        ValidationSupportChain chain = new ValidationSupportChain(
                ValidationSupportChain.CacheConfiguration.disabled(),
                own,
                new DefaultProfileValidationSupport(FHIR),
                new CommonCodeSystemsTerminologyService(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR),
                new SnapshotGeneratingValidationSupport(FHIR));
        IWorkerContext worker = new WorkerContextValidationSupportAdapter(chain);
        VersionCanonicalizer canonicalizer = new VersionCanonicalizer(FHIR);

        Map<String, Entry> result = new LinkedHashMap<>();
        entries.forEach(e -> result.put(e.fileName(), e));
        List<String> errors = new ArrayList<>();
        for (Entry e : baseFirst(entries)) {
            StructureDefinition sd = (StructureDefinition) e.resource();
            if (!sd.hasDifferential() || sd.hasSnapshot()) {
                continue;
            }
            // ProfileUtilities is what SnapshotGeneratingValidationSupport runs, called here directly because
            // that class drops the generator's messages, and its errors are what must fail the build.
            var canonical = canonicalizer.structureDefinitionToCanonical(sd);
            var base = worker.fetchResource(org.hl7.fhir.r5.model.StructureDefinition.class, sd.getBaseDefinition());
            if (base == null) {
                errors.add(e.fileName() + ": unknown baseDefinition " + sd.getBaseDefinition());
                continue;
            }
            List<ValidationMessage> messages = new ArrayList<>();
            new ProfileUtilities(worker, messages, new ProfileKnowledgeWorkerR5(FHIR))
                    .generateSnapshot(base, canonical, sd.getUrl(), null, sd.getName());
            for (ValidationMessage m : messages) {
                String text = e.fileName() + ": " + m.getLevel() + " at " + m.getLocation() + ": " + m.getMessage();
                if (m.getLevel() == IssueSeverity.ERROR || m.getLevel() == IssueSeverity.FATAL) {
                    errors.add(text);
                } else if (m.getLevel() == IssueSeverity.WARNING) {
                    System.out.println("[PackageBuilder] " + text);
                }
            }
            StructureDefinition done = (StructureDefinition) canonicalizer.structureDefinitionFromCanonical(canonical);
            own.addStructureDefinition(done);
            result.put(e.fileName(), new Entry(e.fileName(), done, null));
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Snapshot generation failed:\n  " + String.join("\n  ", errors));
        }
        return new ArrayList<>(result.values());
    }

    /** The package's StructureDefinitions ordered so that any base inside the package comes before its profiles. */
    private static List<Entry> baseFirst(List<Entry> entries) {
        List<Entry> pending = entries.stream().filter(e -> e.resource() instanceof StructureDefinition).collect(Collectors.toList());
        Set<String> ownUrls = pending.stream().map(e -> ((StructureDefinition) e.resource()).getUrl()).collect(Collectors.toSet());
        List<Entry> ordered = new ArrayList<>();
        Set<String> doneUrls = new HashSet<>();
        while (!pending.isEmpty()) {
            List<Entry> ready = pending.stream().filter(e -> {
                String base = ((StructureDefinition) e.resource()).getBaseDefinition();
                return !ownUrls.contains(base) || doneUrls.contains(base);
            }).toList();
            if (ready.isEmpty()) {
                throw new IllegalStateException("Circular baseDefinition among " + pending.stream().map(Entry::fileName).toList());
            }
            ready.forEach(e -> doneUrls.add(((StructureDefinition) e.resource()).getUrl()));
            ordered.addAll(ready);
            pending.removeAll(ready);
        }
        return ordered;
    }

    /** The folder's .index.json, which lets package tools find resources without parsing every file. */
    private static byte[] index(List<Entry> entries) throws IOException {
        ObjectNode index = JSON.createObjectNode().put("index-version", 1);
        ArrayNode files = index.putArray("files");
        for (Entry e : entries) {
            Resource r = e.resource();
            ObjectNode file = files.addObject()
                    .put("filename", e.fileName())
                    .put("resourceType", r.fhirType())
                    .put("id", r.getIdPart());
            if (r instanceof MetadataResource m) {
                file.put("url", m.getUrl()).put("version", m.getVersion());
            }
            if (r instanceof StructureDefinition sd) {
                file.put("kind", sd.getKind().toCode()).put("type", sd.getType());
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index);
    }

    /** A gzipped tar with every file under package/, as FHIR package tools expect. */
    private static byte[] tgz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry("package/" + file.getKey());
                entry.setSize(file.getValue().length);
                entry.setModTime(ENTRY_TIME);
                entry.setUserName("");  // otherwise the builder's login name ends up in the package
                entry.setGroupName("");
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private PackageBuilder() {}
}
