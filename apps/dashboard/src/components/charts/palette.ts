/**
 * Okabe–Ito: eight colours told apart with every common colour-vision deficiency.
 * Yellow sits last (weak on white); grey is kept for "Other".
 */
export const okabeIto = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#D55E00",
  "#56B4E9",
  "#CC79A7",
  "#F0E442",
] as const;

export const otherColour = "#999999";

export const colourAt = (index: number): string => okabeIto[index % okabeIto.length] ?? otherColour;
