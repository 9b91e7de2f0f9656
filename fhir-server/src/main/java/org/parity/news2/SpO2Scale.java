package org.parity.news2;

/** Which SpO2 scale of RCP Chart 1 applies. Scale 2 only with a prescribed 88–92% target (clinical-reference §1.1). */
public enum SpO2Scale {
  SCALE_1,
  SCALE_2
}
