package org.parity.fhir;

import org.parity.support.H2ServerTest;

/** The core FHIR suite on the embedded default database (H2). */
class H2CoreFhirTest extends H2ServerTest implements CoreFhirSuite {}
