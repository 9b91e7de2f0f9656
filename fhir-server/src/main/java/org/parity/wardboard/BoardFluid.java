package org.parity.wardboard;

import org.parity.fluidbalance.FluidEntry;

/** A fluid chart entry of an admission, as the board's read model keeps it: the board sums today's. */
public record BoardFluid(String encounterId, FluidEntry entry) {}
